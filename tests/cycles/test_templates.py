"""Each template makes its steps in order, with owners and due dates (templates.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pdsite.cycles import templates
from pdsite.cycles.models import Cycle
from tests.factories.cycles import cycle_for

START = datetime.date(2026, 9, 7)


def _kinds(cycle):
    return list(cycle.steps.values_list("kind", flat=True))


def test_lesson_study_has_the_seven_steps_in_order_when_started(org):
    cycle = cycle_for(org.maths, org.people.alice, starts_on=START)
    assert _kinds(cycle) == ["research_focus", "co_plan", "teach", "observe", "discussion", "revise", "reteach"]
    assert list(cycle.steps.values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert {s.owner for s in cycle.steps.all()} == {org.people.alice}
    assert cycle.steps.get(kind="research_focus").due_on == START + datetime.timedelta(days=7)
    assert cycle.steps.get(kind="reteach").due_on == START + datetime.timedelta(days=42)
    assert cycle.ends_on == START + datetime.timedelta(days=42 + templates.END_MARGIN_DAYS)
    assert set(cycle.participants.all()) == {org.people.alice}
    assert cycle.status == Cycle.Status.OPEN


def test_trg_host_names_key_and_difficult_points_first_and_there_is_no_reteach_when_started(org):
    cycle = cycle_for(org.maths, org.people.alice, kind="trg", starts_on=START)
    assert _kinds(cycle) == ["host_points", "co_plan", "teach", "discussion", "revise"]
    first = cycle.steps.get(order=1)
    assert first.fields == ("key_points", "difficult_points")
    assert first.due_on < cycle.steps.get(kind="teach").due_on  # before the lesson


def test_ect_observation_is_mentor_led_and_linked_to_pathway_steps_when_started(org):
    p = org.people
    cycle = cycle_for(org.maths, p.hod, kind="ect_observation", ect=p.erin, starts_on=START)
    assert cycle.mentor == p.mo  # the ECT's mentor, from the induction profile
    assert set(cycle.participants.all()) == {p.hod, p.erin, p.mo}
    steps = {s.kind: s for s in cycle.steps.all()}
    assert list(steps) == ["pre_meeting", "co_plan", "teach", "observe", "discussion", "reflect"]
    assert steps["pre_meeting"].owner == p.mo and steps["teach"].owner == p.erin
    meetings = [s for s in org.pathway_steps if s.kind == "meeting"]
    assert steps["pre_meeting"].pathway_step == meetings[0]
    assert steps["discussion"].pathway_step == meetings[1]
    assert steps["reflect"].pathway_step == org.pathway_steps[0]
    assert steps["co_plan"].pathway_step is None


def test_ect_observation_is_refused_when_the_person_has_no_induction(org):
    with pytest.raises(ValidationError, match="induction profile"):
        cycle_for(org.maths, org.people.hod, kind="ect_observation", ect=org.people.bob)


def test_a_cycle_is_refused_when_the_group_is_outside_the_department(org):
    with pytest.raises(ValidationError):
        cycle_for(org.maths, org.people.alice, participants=[org.people.stranger])
    assert not Cycle.objects.exists()


def test_a_cycle_is_refused_when_it_ends_before_it_starts(org):
    with pytest.raises(ValidationError, match="end on or after"):
        cycle_for(org.maths, org.people.alice, starts_on=START, ends_on=START - datetime.timedelta(days=1))


def test_every_template_step_kind_is_a_step_kind_and_orders_its_due_dates():
    known = {kind for kind, _ in templates.STEP_KINDS}
    for kind, steps in templates.TEMPLATES.items():
        assert {s.kind for s in steps} <= known, kind
        dues = [s.due_days for s in steps]
        assert dues == sorted(dues), kind

"""Steps, closing, discussions, and a recording's deletion date following its cycle's end."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pdsite.cycles import services
from pdsite.cycles.models import Cycle
from pdsite.departments.models import Workshop, WorkshopAttendee
from pdsite.lessons.models import MAX_RETENTION_DAYS, RecordingPolicy
from tests.factories.cycles import cycle_for, recording_for

DAY = datetime.timedelta(days=1)


def _step(cycle, kind):
    return cycle.steps.select_related("cycle").get(kind=kind)


def test_step_owner_and_date_change_when_the_owner_is_in_the_group(study, org):
    step = _step(study, "co_plan")
    services.step_update(step=step, by=org.people.alice, owner=org.people.bob, due_on=study.starts_on + 3 * DAY,
                         plan_notes="  Share 35 sweets in the ratio 2:5.  ", small_step="Ratio tables")
    step.refresh_from_db()
    assert (step.owner, step.due_on) == (org.people.bob, study.starts_on + 3 * DAY)
    assert step.plan_notes == "Share 35 sweets in the ratio 2:5."


def test_step_owner_is_refused_when_outside_the_group(study, org):
    with pytest.raises(ValidationError, match="in the cycle's group"):
        services.step_update(step=_step(study, "co_plan"), by=org.people.alice, owner=org.people.carl)


def test_step_due_date_is_refused_when_outside_the_cycle(study, org):
    with pytest.raises(ValidationError, match="within the cycle"):
        services.step_update(step=_step(study, "co_plan"), by=org.people.alice, due_on=study.ends_on + DAY)


def test_step_fields_of_another_template_step_are_refused(study, org):
    with pytest.raises(TypeError):
        services.step_update(step=_step(study, "research_focus"), by=org.people.alice, key_points="Ratio")


def test_step_is_done_and_undone_by_whoever_marks_it(study, org):
    step = _step(study, "research_focus")
    services.step_complete(step=step, by=org.people.bob)
    step.refresh_from_db()
    assert step.done_at is not None and step.done_by == org.people.bob
    services.step_complete(step=step, by=org.people.bob, done=False)
    step.refresh_from_db()
    assert step.done_at is None and step.done_by is None


def test_closing_ends_the_cycle_today_and_then_nothing_changes(study, org):
    services.cycle_close(cycle=study, by=org.people.alice)
    study.refresh_from_db()
    assert study.status == Cycle.Status.CLOSED and study.closed_at is not None
    assert study.ends_on == timezone.localdate()
    step = _step(study, "research_focus")
    with pytest.raises(ValidationError, match="closed"):
        services.step_complete(step=step, by=org.people.alice)
    with pytest.raises(ValidationError, match="closed"):
        services.cycle_close(cycle=study, by=org.people.alice)


def test_recording_is_kept_the_school_retention_after_the_cycle_ends_when_attached(study, org):
    RecordingPolicy.objects.create(school=org.school, consent_statement="Parents told.", retention_days=14)
    recording = recording_for(org.people.alice, org.maths)
    services.cycle_attach_recording(step=_step(study, "teach"), recording=recording, by=org.people.alice)
    recording.refresh_from_db()
    assert recording.cycle_ends_on == study.ends_on
    assert recording.delete_after == study.ends_on + 14 * DAY


def test_recording_deletion_date_moves_when_the_cycle_end_moves(study, org):
    recording = recording_for(org.people.alice, org.maths)
    services.cycle_attach_recording(step=_step(study, "teach"), recording=recording, by=org.people.alice)
    later = study.ends_on + 20 * DAY
    services.cycle_update(cycle=study, title=study.title, research_focus="", starts_on=study.starts_on,
                          ends_on=later, participants=[org.people.bob])
    recording.refresh_from_db()
    assert (recording.cycle_ends_on, recording.delete_after) == (later, later + 30 * DAY)  # the default 30 days

    services.cycle_close(cycle=study, by=org.people.alice)
    recording.refresh_from_db()
    assert recording.delete_after == timezone.localdate() + 30 * DAY


def test_recording_is_kept_at_most_a_year_after_the_lesson_when_the_cycle_is_long(org):
    lesson = timezone.localdate()
    cycle = cycle_for(org.maths, org.people.alice, starts_on=lesson, ends_on=lesson + 400 * DAY)
    recording = recording_for(org.people.alice, org.maths, recorded_on=lesson)
    services.cycle_attach_recording(step=_step(cycle, "teach"), recording=recording, by=org.people.alice)
    recording.refresh_from_db()
    assert recording.delete_after == lesson + MAX_RETENTION_DAYS * DAY


def test_recording_follows_the_lesson_again_when_detached(study, org):
    recording = recording_for(org.people.alice, org.maths)
    step = _step(study, "teach")
    services.cycle_attach_recording(step=step, recording=recording, by=org.people.alice)
    services.cycle_attach_recording(step=step, recording=None, by=org.people.alice)
    recording.refresh_from_db()
    assert recording.cycle_ends_on is None
    assert recording.delete_after == recording.recorded_on + 30 * DAY


def test_recording_is_attached_only_by_its_owner(study, org):
    recording = recording_for(org.people.alice, org.maths)
    step = _step(study, "teach")
    with pytest.raises(ValidationError, match="who recorded the lesson"):
        services.cycle_attach_recording(step=step, recording=recording, by=org.people.bob)
    services.cycle_attach_recording(step=step, recording=recording, by=org.people.alice)
    with pytest.raises(ValidationError, match="who recorded the lesson"):
        services.cycle_attach_recording(step=step, recording=None, by=org.people.bob)
    with pytest.raises(ValidationError, match="teach or reteach"):
        services.cycle_attach_recording(step=_step(study, "observe"), recording=recording, by=org.people.alice)


def test_discussion_is_a_workshop_for_the_group_and_follows_the_group(study, org):
    p = org.people
    starts = timezone.now() + 10 * DAY
    workshop = services.discussion_save(
        step=_step(study, "discussion"), by=p.alice, starts_at=starts, place="M4",
        agenda=[(10, "The opening task @3:20"), (15, "Pupils' ratio tables @12:05")],
    )
    assert workshop.kind == Workshop.Kind.LESSON_STUDY and workshop.facilitator == p.alice
    assert [b.value["title"] for b in workshop.agenda] == ["The opening task @3:20", "Pupils' ratio tables @12:05"]
    assert set(WorkshopAttendee.objects.filter(workshop=workshop).values_list("user__username", flat=True)) == {
        "alice", "bob"}
    services.cycle_update(cycle=study, title=study.title, research_focus="", starts_on=study.starts_on,
                          ends_on=study.ends_on, participants=[p.bob, p.carl])
    assert set(WorkshopAttendee.objects.filter(workshop=workshop).values_list("user__username", flat=True)) == {
        "alice", "bob", "carl"}
    again = services.discussion_save(step=_step(study, "discussion"), by=p.alice, starts_at=starts, agenda=[(5, "X")])
    assert again.pk == workshop.pk and Workshop.objects.count() == 1

"""Who sees and changes a cycle, through its pages: participants and the department's
managers; another teacher and another school get the unknown-cycle 404."""

import re

import pytest
from django.urls import reverse

from pdsite.cycles.models import Cycle, CycleStep
from tests.factories.cycles import cycle_for, recording_for


def _main(response) -> str:
    """The page's main content (the header's sign-out form carries a fresh CSRF token)."""
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def _get(sign_in, user, name, **kwargs):
    return sign_in(user).get(reverse(name, kwargs=kwargs))


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 200), ("hod", 200), ("carl", 404),
                                              ("stranger", 404)])
def test_cycle_page_is_for_the_group_and_managers(study, org, sign_in, who, status):
    response = _get(sign_in, getattr(org.people, who), "cycles:cycle", pk=study.pk)
    assert response.status_code == status
    if status == 404:
        unknown = _get(sign_in, getattr(org.people, who), "cycles:cycle", pk=study.pk + 1000)
        assert unknown.status_code == 404 and _main(unknown) == _main(response)


def test_cycle_page_sends_anonymous_people_to_sign_in(study, client):
    response = client.get(reverse("cycles:cycle", kwargs={"pk": study.pk}))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_department_list_shows_only_the_cycles_a_member_may_see(study, org, sign_in):
    other = cycle_for(org.maths, org.people.carl, title="Carl: sequences lesson study")
    page = _get(sign_in, org.people.bob, "cycles:department", slug=org.maths.slug).content.decode()
    assert study.title in page and other.title not in page
    page = _get(sign_in, org.people.hod, "cycles:department", slug=org.maths.slug).content.decode()
    assert study.title in page and other.title in page
    assert _get(sign_in, org.people.stranger, "cycles:department", slug=org.maths.slug).status_code == 404


def test_a_member_starts_a_lesson_study_with_the_template_steps(org, sign_in):
    p = org.people
    client = sign_in(p.carl)
    url = reverse("cycles:create", kwargs={"slug": org.maths.slug, "kind": "lesson_study"})
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Y7 sequences", "research_focus": "Term-to-term first?",
                                 "starts_on": "2026-09-07", "participants": [p.alice.pk]})
    cycle = Cycle.objects.get(title="Y7 sequences")
    assert response.status_code == 302 and response["Location"] == reverse("cycles:cycle", kwargs={"pk": cycle.pk})
    assert cycle.created_by == p.carl and set(cycle.participants.all()) == {p.carl, p.alice}
    assert cycle.steps.count() == 7


def test_start_form_shows_what_is_wrong_and_keeps_what_was_typed(org, sign_in):
    url = reverse("cycles:create", kwargs={"slug": org.maths.slug, "kind": "trg"})
    response = sign_in(org.people.carl).post(url, {"title": "Ratio TRG", "starts_on": "2026-09-07",
                                                   "ends_on": "2026-09-01"})
    assert response.status_code == 400
    assert "end on or after" in response.content.decode() and 'value="Ratio TRG"' in response.content.decode()
    assert not Cycle.objects.exists()


def test_ect_observation_is_started_by_the_mentor_or_a_manager_only(org, sign_in):
    p = org.people
    url = reverse("cycles:create", kwargs={"slug": org.maths.slug, "kind": "ect_observation"})
    assert sign_in(p.alice).get(url).status_code == 403
    response = sign_in(p.mo).post(url, {"title": "Erin: ratio lesson", "starts_on": "2026-09-07", "ect": p.erin.pk})
    assert response.status_code == 302
    cycle = Cycle.objects.get()
    assert (cycle.ect, cycle.mentor) == (p.erin, p.mo)
    assert sign_in(p.hod).get(url).status_code == 200


def test_a_participant_sets_a_step_owner_and_date_and_marks_it_done(study, org, sign_in):
    p = org.people
    step = study.steps.get(kind="co_plan")
    client = sign_in(p.bob)
    url = reverse("cycles:step_edit", kwargs={"pk": study.pk, "step_id": step.pk})
    assert client.get(url).status_code == 200
    due = study.starts_on.isoformat()
    response = client.post(url, {"owner": p.bob.pk, "due_on": due, "plan_notes": "Bar model first", "small_step": ""})
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.owner, step.due_on.isoformat(), step.plan_notes) == (p.bob, due, "Bar model first")
    response = client.post(reverse("cycles:step_done", kwargs={"pk": study.pk, "step_id": step.pk}), {"done": "1"})
    assert response.status_code == 302
    assert CycleStep.objects.get(pk=step.pk).done_by == p.bob


def test_a_step_owner_outside_the_group_is_refused_with_the_reason(study, org, sign_in):
    step = study.steps.get(kind="co_plan")
    url = reverse("cycles:step_edit", kwargs={"pk": study.pk, "step_id": step.pk})
    response = sign_in(org.people.bob).post(url, {"owner": org.people.carl.pk})
    assert response.status_code == 400  # Carl is not offered: the owner list is the group


def test_the_teacher_attaches_their_recording_and_others_see_it_is_not_shared(study, org, sign_in):
    p = org.people
    recording = recording_for(p.alice, org.maths, title="Alice's Y8 ratio lesson")
    step = study.steps.get(kind="teach")
    url = reverse("cycles:step_edit", kwargs={"pk": study.pk, "step_id": step.pk})
    assert sign_in(p.alice).post(url, {"owner": p.alice.pk, "recording": recording.pk}).status_code == 302
    recording.refresh_from_db()
    assert recording.cycle_ends_on == study.ends_on
    page = _get(sign_in, p.bob, "cycles:cycle", pk=study.pk).content.decode()
    assert "Alice's Y8 ratio lesson" not in page and "A recording by Alice Adams, not shared with you" in page
    form = _get(sign_in, p.bob, "cycles:step_edit", pk=study.pk, step_id=step.pk).content.decode()
    assert 'name="recording"' not in form  # only Alice changes it


def test_a_manager_closes_and_a_group_member_who_does_not_lead_may_not(study, org, sign_in):
    url = reverse("cycles:close", kwargs={"pk": study.pk})
    assert sign_in(org.people.bob).post(url).status_code == 403
    assert sign_in(org.people.carl).post(url).status_code == 404
    assert sign_in(org.people.hod).post(url).status_code == 302
    study.refresh_from_db()
    assert not study.is_open
    step = study.steps.first()
    response = sign_in(org.people.alice).post(reverse("cycles:step_done", kwargs={"pk": study.pk, "step_id": step.pk}))
    assert response.status_code == 403  # closed: nobody changes it


def test_the_lead_changes_the_group_and_stays_in_it(study, org, sign_in):
    p = org.people
    url = reverse("cycles:edit", kwargs={"pk": study.pk})
    response = sign_in(p.alice).post(url, {"title": "Y8 ratio tables", "starts_on": study.starts_on.isoformat(),
                                           "ends_on": study.ends_on.isoformat(), "participants": [p.carl.pk]})
    assert response.status_code == 302
    assert set(study.participants.all()) == {p.alice, p.carl}
    assert _get(sign_in, p.bob, "cycles:cycle", pk=study.pk).status_code == 404  # Bob has left


def test_your_cycles_lists_the_ones_you_are_in(study, org, sign_in):
    page = _get(sign_in, org.people.bob, "cycles:index").content.decode()
    assert study.title in page and "Cycles in Maths" in page
    assert study.title not in _get(sign_in, org.people.carl, "cycles:index").content.decode()


def test_the_discussion_is_recorded_from_its_step_with_moments_as_times_for_the_group(study, org, sign_in):
    p = org.people
    recording = recording_for(p.alice, org.maths, title="Alice's Y8 ratio lesson")
    client = sign_in(p.alice)
    teach = study.steps.get(kind="teach")
    client.post(reverse("cycles:step_edit", kwargs={"pk": study.pk, "step_id": teach.pk}),
                {"owner": p.alice.pk, "recording": recording.pk})
    step = study.steps.get(kind="discussion")
    url = reverse("cycles:step_edit", kwargs={"pk": study.pk, "step_id": step.pk})
    response = client.post(url, {"owner": p.alice.pk, "agenda": "10 The opening task @3:20"})
    assert response.status_code == 400 and "Give the day and time" in response.content.decode()
    response = client.post(url, {"owner": p.alice.pk, "discussion_starts_at": "2026-10-01T15:30",
                                 "discussion_place": "M4", "agenda": "10 The opening task @3:20\n15 Revise"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.workshop.place == "M4" and step.workshop.facilitator == p.alice
    page = _main(sign_in(p.bob).get(reverse("cycles:cycle", kwargs={"pk": study.pk})))
    # Bob may not see the (unshared) recording: the moment is a time, not a link.
    assert '<span class="moment">3:20</span>' in page and "?t=200" not in page
    assert reverse("departments:workshop", kwargs={"slug": org.maths.slug, "pk": step.workshop.pk}) in page

"""Induction pathways: enrolment, steps in order, watching completes steps, the mentor's
part, deadlines, and who may see a teacher's reflections."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pdsite.pathways import selectors
from pdsite.pathways.models import Enrolment, PathwayStep, StepProgress
from pdsite.pathways.services import (
    StepRefused,
    enrolment_create,
    induction_profile_save,
    meeting_confirm,
    mentor_comment_add,
    reflection_submit,
    task_submit,
)
from pdsite.progress import selectors as progress_selectors
from pdsite.progress.models import ViewingRecord
from pdsite.progress.services import progress_record_heartbeat
from pdsite.videos.models import Video
from tests.factories.courses import ModuleIndexPageFactory, PDModulePageFactory, PDVideoPageFactory, clip_block
from tests.factories.pathways import PathwayFactory, PathwayStepFactory, days_ago
from tests.factories.users import UserFactory
from tests.support.progress import age_viewing, watch
from tests.factories.videos import VideoFactory

K = PathwayStep.Kind


@pytest.fixture
def people(db):
    return {
        "ect": UserFactory(username="ect", first_name="Priya"),
        "mentor": UserFactory(username="mentor"),
        "tutor": UserFactory(username="tutor"),
        "other_mentor": UserFactory(username="othermentor"),
        "colleague": UserFactory(username="colleague"),
    }


@pytest.fixture
def clip(clip_library):
    video = VideoFactory(status=Video.Status.READY, duration=40.0)
    page = PDVideoPageFactory(parent=clip_library, title="Ratio tables", slug="ratio-tables", video=video)
    return page


@pytest.fixture
def pathway(clip):
    pathway = PathwayFactory(title="ECT year 1", slug="ect-1", ect_year=1)
    PathwayStepFactory(pathway=pathway, kind=K.WATCH, title="Watch ratio tables", clip=clip, sort_order=0, due_week=1)
    PathwayStepFactory(pathway=pathway, kind=K.TASK, title="Analyse a lesson", sort_order=1, due_week=2)
    PathwayStepFactory(pathway=pathway, kind=K.MEETING, title="Mentor meeting", sort_order=2, due_week=3)
    PathwayStepFactory(
        pathway=pathway, kind=K.REFLECTION, title="Action plan", instructions="What will you try?", sort_order=3, due_week=4
    )
    return pathway


def _steps(pathway):
    return list(pathway.steps.order_by("sort_order"))


def _watch(user, video, django_capture_on_commit_callbacks, *, upto=None):
    upto = upto or video.duration
    ranges = [(start, min(start + 10, upto)) for start in range(0, int(upto), 10)]
    return watch(user, video, *ranges, on_commit=django_capture_on_commit_callbacks)


def _enrol(people, pathway, start=None):
    return induction_profile_save(
        user=people["ect"], ect_year=1, start_date=start or days_ago(3), mentor=people["mentor"], induction_tutor=people["tutor"]
    )


def test_ect_is_enrolled_on_their_years_pathway_when_profile_is_saved(people, pathway):
    PathwayFactory(slug="ect-2", ect_year=2)
    _enrol(people, pathway)
    enrolment = Enrolment.objects.get(user=people["ect"])
    assert enrolment.pathway == pathway
    assert enrolment.source == Enrolment.Source.ROLE


def test_enrolling_by_hand_twice_keeps_one_enrolment(people, pathway):
    first = enrolment_create(user=people["colleague"], pathway=pathway, start_date=days_ago(1))
    again = enrolment_create(user=people["colleague"], pathway=pathway, start_date=days_ago(30))
    assert first.pk == again.pk and again.start_date == days_ago(1)


def test_ect_cannot_mentor_themselves_when_profile_names_them(people, pathway):
    with pytest.raises(StepRefused):
        induction_profile_save(user=people["ect"], ect_year=1, start_date=days_ago(1), mentor=people["ect"])


def test_ect_completes_steps_in_order_and_mentor_comments_when_following_the_pathway(
    people, pathway, clip, django_capture_on_commit_callbacks
):
    _enrol(people, pathway)
    watch, task, meeting, reflection = _steps(pathway)
    ect, mentor = people["ect"], people["mentor"]

    with pytest.raises(StepRefused, match="Watch ratio tables"):
        task_submit(user=ect, step=task, note="Key point: ratio as a multiplicative relationship.")

    _watch(ect, clip.video, django_capture_on_commit_callbacks)
    assert StepProgress.objects.filter(step=watch).exists(), "watching completes the watch step after commit"

    task_submit(user=ect, step=task, note="Key point…", evidence=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    with pytest.raises(StepRefused, match="Mentor meeting"):
        reflection_submit(user=ect, step=reflection, text="I will try ratio tables with 8X by Friday.")
    with pytest.raises(StepRefused, match="mentor"):
        meeting_confirm(mentor=people["other_mentor"], enrolment=Enrolment.objects.get(user=ect), step=meeting)
    meeting_confirm(mentor=mentor, enrolment=Enrolment.objects.get(user=ect), step=meeting, note="Met Tuesday.")
    progress = reflection_submit(user=ect, step=reflection, text="I will try ratio tables with 8X by Friday.")

    comment = mentor_comment_add(author=mentor, progress=progress, text="Good plan: tell me how 8X get on.")
    with pytest.raises(StepRefused):
        mentor_comment_add(author=people["tutor"], progress=progress, text="Tutors only read.")

    summary = selectors.pathway_for_user(user=ect, slug="ect-1")
    assert summary.complete and summary.percent == 100
    assert summary.steps[3].progress.comments.all()[0] == comment


def test_clip_range_step_completes_on_coverage_of_the_range_only(people, clip, django_capture_on_commit_callbacks):
    pathway = PathwayFactory(slug="range")
    step = PathwayStepFactory(pathway=pathway, kind=K.WATCH, clip=clip, start=10, end=20, sort_order=0)
    enrolment_create(user=people["ect"], pathway=pathway, start_date=days_ago(0))
    with django_capture_on_commit_callbacks(execute=True):
        progress_record_heartbeat(user=people["ect"], video=clip.video, ranges=[[0, 9]])
    assert not StepProgress.objects.filter(step=step).exists()
    age_viewing(ViewingRecord.objects.get(), 10)
    with django_capture_on_commit_callbacks(execute=True):
        record = progress_record_heartbeat(user=people["ect"], video=clip.video, ranges=[[9, 20]])
    assert record.completed_at is None  # half the clip: the clip is not complete…
    assert StepProgress.objects.filter(step=step).exists()  # …but the range is


def test_watched_clips_count_when_teacher_is_enrolled_afterwards(people, pathway, clip, django_capture_on_commit_callbacks):
    _watch(people["ect"], clip.video, django_capture_on_commit_callbacks)
    _enrol(people, pathway)
    assert StepProgress.objects.filter(step=_steps(pathway)[0], enrolment__user=people["ect"]).exists()


def test_module_step_completes_when_every_clip_in_it_is_completed(people, clip, home_page, django_capture_on_commit_callbacks):
    index = ModuleIndexPageFactory(parent=home_page, title="Modules", slug="modules")
    module = PDModulePageFactory(parent=index, title="Ratio module", slug="ratio", kind="big_ideas", body=[clip_block(clip)])
    pathway = PathwayFactory(slug="module")
    step = PathwayStepFactory(pathway=pathway, kind=K.MODULE, module=module, sort_order=0)
    enrolment_create(user=people["ect"], pathway=pathway, start_date=days_ago(0))
    _watch(people["ect"], clip.video, django_capture_on_commit_callbacks, upto=20)
    assert not StepProgress.objects.filter(step=step).exists()
    _watch(people["ect"], clip.video, django_capture_on_commit_callbacks)
    assert StepProgress.objects.filter(step=step).exists()


def test_deadlines_count_weeks_from_the_start_date_and_flag_overdue(people, pathway):
    start = days_ago(10)
    _enrol(people, pathway, start=start)
    steps = selectors.pathway_for_user(user=people["ect"], slug="ect-1").steps
    assert steps[0].due_date == start + datetime.timedelta(days=6)
    assert steps[0].overdue and steps[0].state == "Overdue"
    assert not steps[1].overdue  # week 2 ends on day 13
    assert steps[2].state == "Locked"


@pytest.mark.parametrize("note, evidence, message", [
    ("", None, "note or attach"),
    ("", SimpleUploadedFile("virus.exe", b"MZ"), "Evidence must be"),
])
def test_task_evidence_is_refused_with_a_reason_when_missing_or_wrong_type(people, pathway, note, evidence, message):
    _enrol(people, pathway)
    step = PathwayStepFactory(pathway=pathway, kind=K.TASK, sort_order=9, requires_previous=False)
    with pytest.raises(StepRefused, match=message):
        task_submit(user=people["ect"], step=step, note=note, evidence=evidence)
    assert not StepProgress.objects.filter(step=step).exists()


def test_reflection_is_refused_when_teacher_is_not_enrolled(people, pathway):
    with pytest.raises(StepRefused, match="not enrolled"):
        reflection_submit(user=people["colleague"], step=_steps(pathway)[3], text="Hello")


# --- Who sees reflections ---------------------------------------------------------------


@pytest.fixture
def reflected(people, pathway):
    _enrol(people, pathway)
    for step in _steps(pathway):
        step.requires_previous = False
        step.save()
    return reflection_submit(user=people["ect"], step=_steps(pathway)[3], text="PRIVATE-REFLECTION-TEXT")


@pytest.mark.parametrize("viewer, can_see", [("ect", True), ("mentor", True), ("tutor", True), ("other_mentor", False), ("colleague", False)])
def test_only_teacher_mentor_and_tutor_see_reflections(client, people, reflected, viewer, can_see, pd_lead):
    assert selectors.can_see_reflections(viewer=people[viewer], teacher=people["ect"]) is can_see
    client.force_login(people[viewer])
    url = reverse("pathways:mentee_pathway", args=[people["ect"].pk, "ect-1"])
    response = client.get(url)
    if viewer == "ect":
        response = client.get(reverse("pathways:pathway", args=["ect-1"]))
    assert (response.status_code == 200) is can_see
    assert ("PRIVATE-REFLECTION-TEXT" in response.content.decode()) is can_see


def test_pd_lead_cannot_see_reflections(client, people, reflected, pd_lead):
    client.force_login(pd_lead)
    response = client.get(reverse("pathways:mentee_pathway", args=[people["ect"].pk, "ect-1"]))
    # The same answer as for a user id that does not exist: neither tells who is an ECT.
    unknown = client.get(reverse("pathways:mentee_pathway", args=[999_999, "ect-1"]))
    assert response.status_code == unknown.status_code == 404
    assert "PRIVATE-REFLECTION-TEXT" not in response.content.decode()


def test_other_mentor_cannot_comment_when_posting_directly(client, people, reflected):
    client.force_login(people["other_mentor"])
    url = reverse("pathways:mentor_action", args=[people["ect"].pk, "ect-1", reflected.step_id])
    response = client.post(url, {"action": "comment", "text": "sneaky"})
    assert response.status_code == 404
    assert not reflected.comments.exists()


# --- Pages ------------------------------------------------------------------------------


def test_pathway_page_is_404_when_teacher_is_not_enrolled(client, people, pathway):
    client.force_login(people["colleague"])
    assert client.get(reverse("pathways:pathway", args=["ect-1"])).status_code == 404


def test_pathway_pages_take_the_journey_when_ect_and_mentor_use_forms(client, people, pathway, clip, django_capture_on_commit_callbacks):
    _enrol(people, pathway)
    watch, task, meeting, reflection = _steps(pathway)
    ect_url = reverse("pathways:pathway", args=["ect-1"])
    client.force_login(people["ect"])
    html = client.get(ect_url).content.decode()
    assert "Watch ratio tables" in html and "Next step" in html

    response = client.post(reverse("pathways:step_submit", args=["ect-1", task.pk]), {"text": "done"}, follow=True)
    assert "Finish “Watch ratio tables” first." in response.content.decode()
    _watch(people["ect"], clip.video, django_capture_on_commit_callbacks)
    evidence = SimpleUploadedFile("plan.pdf", b"%PDF-1.4")
    response = client.post(reverse("pathways:step_submit", args=["ect-1", task.pk]), {"text": "My analysis", "evidence": evidence}, follow=True)
    assert "Task handed in" in response.content.decode()

    client.force_login(people["mentor"])
    mentees_html = client.get(reverse("pathways:mentees")).content.decode()
    assert "ECT year 1" in mentees_html and "Mentor meeting" in mentees_html
    action = reverse("pathways:mentor_action", args=[people["ect"].pk, "ect-1", meeting.pk])
    response = client.post(action, {"action": "confirm", "text": "Met on Tuesday"}, follow=True)
    assert "Meeting confirmed" in response.content.decode()
    action = reverse("pathways:mentor_action", args=[people["ect"].pk, "ect-1", task.pk])
    response = client.post(action, {"action": "comment", "text": "Strong analysis"}, follow=True)
    assert "Strong analysis" in response.content.decode()

    client.force_login(people["ect"])
    response = client.post(reverse("pathways:step_submit", args=["ect-1", reflection.pk]), {"text": ""}, follow=True)
    assert "Write your reflection" in response.content.decode()
    client.post(reverse("pathways:step_submit", args=["ect-1", reflection.pk]), {"text": "Try it with 8X"})
    html = client.get(ect_url).content.decode()
    assert "Pathway complete" in html and "Strong analysis" in html


def test_retention_curve_counts_teachers_per_second(people, clip):
    progress_record_heartbeat(user=people["ect"], video=clip.video, ranges=[[0, 3]])
    progress_record_heartbeat(user=people["colleague"], video=clip.video, ranges=[[1, 2]])
    curve = progress_selectors.retention_curve_for_video(video=clip.video)
    assert len(curve) == 40
    assert curve[:4] == [1, 2, 1, 0]


def test_admin_edits_pathways_steps_and_induction_as_snippets(client, pathway, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("boss", "boss@school.example", "pw-for-tests")
    client.force_login(admin)
    for model in ("pathway", "inductionprofile", "enrolment"):
        assert client.get(f"/admin/snippets/pathways/{model}/").status_code == 200
        assert client.get(f"/admin/snippets/pathways/{model}/add/").status_code == 200
    html = client.get(f"/admin/snippets/pathways/pathway/edit/{pathway.pk}/").content.decode()
    assert "Analyse a lesson" in html and "Due week" in html.replace("due week", "Due week")


def test_admin_saving_an_induction_profile_enrols_by_ect_year(client, people, pathway):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("boss", "boss@school.example", "pw-for-tests")
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/pathways/inductionprofile/add/",
        {"user": people["colleague"].pk, "ect_year": 1, "mentor": people["mentor"].pk, "induction_tutor": "", "start_date": "2026-09-01"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Enrolment.objects.filter(user=people["colleague"], pathway=pathway, source="role").exists()


@pytest.mark.parametrize("viewer, status", [("ect", 200), ("mentor", 200), ("tutor", 200), ("other_mentor", 404), ("colleague", 404)])
def test_task_evidence_is_downloadable_only_by_teacher_mentor_and_tutor(client, people, pathway, viewer, status):
    _enrol(people, pathway)
    step = PathwayStepFactory(pathway=pathway, kind=K.TASK, sort_order=9, requires_previous=False)
    progress = task_submit(user=people["ect"], step=step, evidence=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 secret plan"))
    client.force_login(people[viewer])
    response = client.get(reverse("pathways:evidence", args=[progress.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 secret plan"

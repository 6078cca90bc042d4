"""Between workshops and outcomes: who may set, submit, post, plan and rate, and what a wrong
request is told (nothing written)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from pdsite.workgroups import services
from pdsite.workgroups.models import DepartmentPlan, GapSubmission, GapTask, Post, Rating
from tests.factories.cycles import recording_for
from tests.factories.workgroups import book, work_group_for
from tests.support.recordings import make_share


@pytest.fixture
def booked(wg):
    wg.nbook = book(wg.group, wg.north, wg.nhod, [wg.nann, wg.nben], foci=(wg.a, wg.b), endorse=True)
    wg.task = services.gap_task_create(work_group=wg.group, by=wg.fac, title="Try it", instructions="Teach it.",
                                       before_workshop=wg.workshops[1])
    return wg


def test_only_a_facilitator_sets_a_gap_task_before_one_of_the_groups_workshops(booked):
    with pytest.raises(ValidationError, match="Only the Work Group's facilitators set gap tasks"):
        services.gap_task_create(work_group=booked.group, by=booked.nann, title="T", instructions="I",
                                 before_workshop=booked.workshops[1])
    other = work_group_for(title="Another group")
    with pytest.raises(ValidationError, match="one of this Work Group's workshops"):
        services.gap_task_create(work_group=booked.group, by=booked.fac, title="T", instructions="I",
                                 before_workshop=other.workshops.first())
    with pytest.raises(ValidationError, match="Write a title"):
        services.gap_task_create(work_group=booked.group, by=booked.fac, title=" ", instructions="I",
                                 before_workshop=booked.workshops[1])
    assert GapTask.objects.count() == 1


def test_a_submission_is_a_note_a_file_or_the_participants_own_clip_shared_with_the_group(booked):
    with pytest.raises(ValidationError, match="Only the Work Group's participants"):
        services.gap_submission_save(task=booked.task, user=booked.ncat, note="Me too")
    with pytest.raises(ValidationError, match="Write a note, attach a file"):
        services.gap_submission_save(task=booked.task, user=booked.nann, note="  ")
    elsewhere = make_share(recording_for(booked.nann, booked.north), kind="department", to=booked.north)
    with pytest.raises(ValidationError, match="shared with this Work Group"):
        services.gap_submission_save(task=booked.task, user=booked.nann, share_id=elsewhere.pk)
    assert not GapSubmission.objects.exists()
    first = services.gap_submission_save(task=booked.task, user=booked.nann,
                                         file=ContentFile(b"plan", name="plan.txt"))
    again = services.gap_submission_save(task=booked.task, user=booked.nann, note="And a note.")
    assert first.pk == again.pk and again.file and again.note == "And a note."


def test_posts_are_for_the_space_and_plans_for_the_schools_own_people(booked):
    with pytest.raises(ValidationError, match="members and facilitators post here"):
        services.post_create(work_group=booked.group, author=booked.wteacher, body="Hello")
    with pytest.raises(ValidationError, match="Write a message"):
        services.post_create(work_group=booked.group, author=booked.nann, body="")
    assert services.post_create(work_group=booked.group, author=booked.fac, body="Welcome").pk
    assert Post.objects.count() == 1
    with pytest.raises(ValidationError, match="school's own participants and subject leader"):
        services.plan_save(booking=booked.nbook, by=booked.fac, before_workshop=booked.workshops[1], actions="X")
    services.plan_save(booking=booked.nbook, by=booked.nben, before_workshop=booked.workshops[1], actions="First")
    services.plan_save(booking=booked.nbook, by=booked.nhod, before_workshop=booked.workshops[1], actions="Second")
    assert list(DepartmentPlan.objects.values_list("actions", flat=True)) == ["Second"]


def test_ratings_are_a_participants_own_from_1_to_4_on_the_groups_statements(booked):
    statement = booked.group.outcomes.first()
    with pytest.raises(ValidationError, match="Only the Work Group's participants rate"):
        services.ratings_save(work_group=booked.group, user=booked.fac, stage="start", answers={statement.pk: (2, "")})
    with pytest.raises(ValidationError, match="from 1 to 4"):
        services.ratings_save(work_group=booked.group, user=booked.nann, stage="start", answers={statement.pk: (5, "")})
    other = work_group_for(title="Another group").outcomes.first()
    with pytest.raises(ValidationError, match="not this Work Group's"):
        services.ratings_save(work_group=booked.group, user=booked.nann, stage="start", answers={other.pk: (2, "")})
    assert not Rating.objects.exists()
    services.ratings_save(work_group=booked.group, user=booked.nann, stage="start", answers={statement.pk: (2, "Obs")})
    services.ratings_save(work_group=booked.group, user=booked.nann, stage="start", answers={statement.pk: (3, "Obs 2")})
    assert list(Rating.objects.values_list("score", "evidence")) == [(3, "Obs 2")]


def test_attendance_names_only_the_groups_participants(booked):
    with pytest.raises(ValidationError, match="not a participant"):
        services.attendance_record(workshop=booked.workshops[0], by=booked.fac, present=[999_999])
    with pytest.raises(ValidationError, match="facilitators record attendance"):
        services.attendance_record(workshop=booked.workshops[0], by=booked.nhod, present=[])

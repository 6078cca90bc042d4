"""The one feedback rule: who sees which comment, per audience, inside clip windows, after a
share is revoked; and who may write where."""

import pytest
from django.utils import timezone

from pdsite.feedback import access, services
from pdsite.feedback.models import Comment

from .conftest import comment

pytestmark = pytest.mark.django_db

A = Comment.Audience
EVERYONE = ("ect", "mentor", "hod", "teacher", "viewer", "outsider", "coach")


def seers(fb, c) -> set[str]:
    """Who may see comment `c`, asked both ways (the list and the one-comment rule agree)."""
    p = fb.people
    seen = set()
    for name in EVERYONE:
        user = getattr(p, name)
        in_list = Comment.objects.visible_to(user, c.video).filter(pk=c.pk).exists()
        assert in_list == access.comment_visible_to(user, c), name
        if in_list:
            seen.add(name)
    return seen


def test_a_private_note_is_seen_by_its_author_only_when_on_a_pd_clip(fb):
    note = comment(fb.people.hod, fb.clip.video, audience=A.PRIVATE)
    assert seers(fb, note) == {"hod"}


def test_a_department_comment_on_a_pd_clip_is_seen_by_that_departments_members(fb):
    c = comment(fb.people.teacher, fb.clip.video, audience=A.DEPARTMENT, department=fb.maths)
    assert seers(fb, c) == {"ect", "mentor", "hod", "teacher", "viewer", "coach"}


def test_a_private_note_on_a_recording_is_not_seen_by_the_owner(fb):
    note = comment(fb.people.mentor, fb.video, start=105, audience=A.PRIVATE)
    assert seers(fb, note) == {"mentor"}


def test_a_share_comment_is_seen_by_its_author_the_owner_and_the_shares_audience(fb):
    p = fb.people
    by_mentor = comment(p.mentor, fb.video, start=105, audience=A.SHARE)
    assert by_mentor.share == fb.shares.mentor
    assert seers(fb, by_mentor) == {"ect", "mentor"}
    by_coach = comment(p.coach, fb.video, start=105, audience=A.SHARE)
    assert by_coach.share == fb.shares.team
    assert seers(fb, by_coach) == {"ect", "coach"}


def test_the_owners_share_comment_is_seen_by_everyone_it_is_shared_with_inside_their_windows(fb):
    inside = comment(fb.people.ect, fb.video, start=110, audience=A.SHARE)
    outside = comment(fb.people.ect, fb.video, start=300, audience=A.SHARE)
    assert seers(fb, inside) == {"ect", "mentor", "viewer", "coach"}
    assert seers(fb, outside) == {"ect", "viewer", "coach"}  # outside the mentor's 1:40–2:00


def test_replies_are_seen_by_whoever_sees_their_comment(fb):
    p = fb.people
    outside = comment(p.ect, fb.video, start=300, audience=A.SHARE)
    reply = services.comment_reply(author=p.coach, parent=outside, body="Agreed.")
    assert seers(fb, reply) == {"ect", "viewer", "coach"}
    assert (reply.start, reply.audience) == (300, A.SHARE)


def test_revoking_a_share_hides_its_comments_at_once(fb):
    p = fb.people
    c = comment(p.coach, fb.video, start=200, audience=A.SHARE)
    owners = comment(p.ect, fb.video, start=110, audience=A.SHARE)
    fb.shares.team.revoked_at = timezone.now()
    fb.shares.team.save()
    assert seers(fb, c) == {"ect"}
    assert "coach" not in seers(fb, owners)
    assert not Comment.objects.visible_to(p.coach, fb.video).exists()


def test_an_ended_share_hides_like_a_revoked_one(fb):
    c = comment(fb.people.mentor, fb.video, start=110, audience=A.SHARE)
    fb.shares.mentor.ends_at = timezone.now()
    fb.shares.mentor.save()
    assert seers(fb, c) == {"ect"}


def test_nobody_without_a_share_sees_anything_of_a_recording(fb):
    p = fb.people
    comment(p.ect, fb.video, start=110, audience=A.SHARE)
    for user in (p.hod, p.teacher, p.outsider):
        assert not Comment.objects.visible_to(user, fb.video).exists()


def test_department_audience_is_offered_on_a_recording_only_once_it_is_shared_with_the_department(fb):
    from tests.support.recordings import make_share

    p = fb.people
    assert A.DEPARTMENT not in access.comment_options(p.ect, fb.video).audiences
    make_share(fb.recording, kind="department", to=fb.maths)
    options = access.comment_options(p.ect, fb.video)
    assert A.DEPARTMENT in options.audiences and options.departments == [fb.maths]
    c = comment(p.ect, fb.video, start=30, audience=A.DEPARTMENT, department=fb.maths)
    assert seers(fb, c) == {"ect", "mentor", "hod", "teacher", "viewer", "coach"}


def test_who_may_comment_on_a_recording_is_its_owner_and_people_with_a_share_to_comment(fb):
    p = fb.people
    assert access.comment_options(p.ect, fb.video).allowed
    assert access.comment_options(p.mentor, fb.video).audiences == [A.SHARE, A.PRIVATE]
    viewer = access.comment_options(p.viewer, fb.video)
    assert not viewer.allowed and "to watch, not to comment" in viewer.refusal
    assert not access.comment_options(p.hod, fb.video).allowed


def test_on_a_pd_clip_anyone_who_sees_it_comments_privately_or_to_their_own_department(fb):
    options = access.comment_options(fb.people.outsider, fb.clip.video)
    assert options.allowed
    assert options.audiences == [A.PRIVATE, A.DEPARTMENT]
    assert options.departments == [fb.science]

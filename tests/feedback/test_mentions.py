"""@mentions: an in-app notification at once for people who may see the comment, and one line
in the next reminder digest (the real beat task body)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pdsite.departments.models import Notification
from pdsite.departments.services import reminders
from pdsite.departments.tasks import assignment_reminders_task
from pdsite.feedback import services
from pdsite.feedback.models import Comment, Mention

from .conftest import comment

pytestmark = pytest.mark.django_db

A = Comment.Audience


def test_usernames_are_read_from_the_body_when_written_with_at():
    found = services.mentioned_usernames("Thanks @fb-mentor. See @fb.ect, not teacher@school.example or @fb-mentor")
    assert found == ["fb-mentor", "fb.ect"]


def test_a_mention_notifies_in_app_with_a_link_to_the_moment_when_they_can_see_it(fb):
    p = fb.people
    c = comment(p.teacher, fb.clip.video, start=42, audience=A.DEPARTMENT, department=fb.maths,
                body="@fb-hod look at the bar model here")
    note = Notification.objects.get(user=p.hod)
    assert note.subject == "Teacher Tester mentioned you at 0:42 in “Bar models for 3a + 2”"
    assert note.url == f"{fb.clip.url}?t=42#comment-{c.pk}"
    assert list(Mention.objects.values_list("user__username", flat=True)) == ["fb-hod"]


def test_nobody_is_notified_who_may_not_see_the_comment(fb):
    p = fb.people
    comment(p.mentor, fb.video, start=110, audience=A.SHARE, body="@fb-hod @fb-teacher @fb-ect what do you think?")
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["fb-ect"]
    comment(p.hod, fb.clip.video, audience=A.PRIVATE, body="@fb-teacher note to self")
    assert Notification.objects.count() == 1


def test_an_edit_notifies_only_people_newly_mentioned(fb):
    p = fb.people
    c = comment(p.teacher, fb.clip.video, audience=A.DEPARTMENT, department=fb.maths, body="@fb-hod")
    services.comment_edit(comment=c, user=p.teacher, body="@fb-hod and @fb-mentor")
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["fb-hod", "fb-mentor"]


def test_a_reply_mention_notifies_when_the_person_sees_the_thread(fb):
    p = fb.people
    c = comment(p.mentor, fb.video, start=110, audience=A.SHARE)
    services.comment_reply(author=p.ect, parent=c, body="@fb-mentor thanks, I will try it")
    assert Notification.objects.get().user == p.mentor


def test_the_digest_includes_each_mention_once_when_the_beat_runs_twice(fb):
    p = fb.people
    comment(p.teacher, fb.clip.video, start=42, audience=A.DEPARTMENT, department=fb.maths, body="@fb-hod look")
    assert assignment_reminders_task() == 1
    assert [m.to for m in mail.outbox] == [[p.hod.email]]
    assert mail.outbox[0].subject == "New for you on pdsite"
    assert "Teacher Tester mentioned you at 0:42 in “Bar models for 3a + 2”" in mail.outbox[0].body
    assert f"{fb.clip.url}?t=42" in mail.outbox[0].body
    assert assignment_reminders_task() == 0
    assert len(mail.outbox) == 1


def test_the_digest_leaves_out_muted_people_and_comments_they_can_no_longer_see(fb):
    p = fb.people
    reminders.reminder_mute_set(user=p.hod, muted=True)
    comment(p.teacher, fb.clip.video, audience=A.DEPARTMENT, department=fb.maths, body="@fb-hod")
    comment(p.ect, fb.video, start=110, audience=A.SHARE, body="@fb-mentor what did you see?")
    fb.shares.mentor.revoked_at = timezone.now()
    fb.shares.mentor.save()
    assert assignment_reminders_task() == 0
    assert not mail.outbox
    assert not Mention.objects.filter(digested_at__isnull=True).exists()  # claimed, never sent later


def test_old_mentions_are_not_digested(fb):
    comment(fb.people.teacher, fb.clip.video, audience=A.DEPARTMENT, department=fb.maths, body="@fb-hod")
    assert reminders.reminders_send(now=timezone.now() + timedelta(days=15)) == 0

"""Reminder digests: the real beat task body, the locmem mail backend, idempotent."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pdsite.departments import services
from pdsite.departments.models import Notification, SentReminder
from pdsite.departments.tasks import assignment_reminders_task

from .conftest import watch

pytestmark = pytest.mark.django_db


def test_reminder_goes_only_to_the_teacher_who_is_not_ready_when_one_has_watched(org, workshop):
    p = org.people
    for clip in org.clips[:2]:
        watch(p.alice, clip, (0, 12), (12, 20))
        watch(p.bob, clip, (0, 10))
    assert assignment_reminders_task() == 1
    assert [m.to for m in mail.outbox] == [["bob@school.example"]]
    assert "Equals is not 'the answer is'" in mail.outbox[0].body
    assert "50 % watched" in mail.outbox[0].body
    assert Notification.objects.filter(user=p.bob).count() == 1
    assert not Notification.objects.filter(user=p.alice).exists()


def test_nobody_gets_the_same_reminder_twice_when_beat_runs_again(org, workshop):
    assignment_reminders_task()
    sent = len(mail.outbox)
    assert sent == 2
    assert assignment_reminders_task() == 0
    assert len(mail.outbox) == sent
    assert SentReminder.objects.count() == 4  # 2 people × 2 items, one row each


def test_overdue_sends_a_second_reminder_of_its_own_kind_when_the_due_time_passes(org, workshop):
    assignment_reminders_task()
    later = workshop.pre_viewing_due_at + timedelta(hours=1)
    assert services.reminders_send(now=later) == 2
    assert "OVERDUE" in mail.outbox[-1].body
    assert services.reminders_send(now=later + timedelta(hours=1)) == 0


def test_muted_teacher_gets_nothing_when_reminders_are_due(org, workshop):
    services.reminder_mute_set(user=org.people.bob, muted=True)
    assignment_reminders_task()
    assert [m.to for m in mail.outbox] == [["alice@school.example"]]


def test_nothing_is_sent_when_the_due_time_is_far_away(org):
    services.assignment_create(
        department=org.maths,
        target=services.Target(kind="clip", clip=org.clips[0]),
        due_at=timezone.now() + timedelta(days=30),
        recipients=[org.people.alice],
    )
    assert assignment_reminders_task() == 0


def test_follow_up_prompt_goes_once_to_attendees_a_week_after_when_they_have_not_reflected(org, workshop):
    p = org.people
    workshop.starts_at = timezone.now() - timedelta(days=8)
    workshop.follow_up_at = timezone.now() - timedelta(days=1)
    workshop.pre_viewing_due_at = timezone.now() - timedelta(days=30)  # long past: no pre-viewing nags
    workshop.save()
    workshop.pre_viewing.update(due_at=workshop.pre_viewing_due_at)
    services.attendance_record(workshop=workshop, attended_user_ids=[p.alice.pk])
    assert assignment_reminders_task() == 1
    assert [m.to for m in mail.outbox] == [["alice@school.example"]]
    assert "Did you try it? What happened?" in mail.outbox[0].body
    assert f"/departments/maths/workshops/{workshop.pk}/" in mail.outbox[0].body
    assert assignment_reminders_task() == 0

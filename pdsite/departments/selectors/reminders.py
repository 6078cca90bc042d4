"""What reminders are due: assignment reminders, workshop follow-up prompts, and each
person's notifications and mute setting. `services.reminders` sends what these find.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ..models import Assignment, AssignmentRecipient, Notification, ReminderPreference, SentReminder, WorkshopAttendee
from .status import ItemStatus, item_status, load_assignments, resolve_parts, viewing_records


@dataclass(frozen=True)
class ReminderDue:
    assignment: Assignment
    user_id: int
    kind: str  # SentReminder.Kind
    status: ItemStatus


def reminders_due(*, now=None) -> list[ReminderDue]:
    """Incomplete (assignment, person) pairs due within the lead time or overdue (for two
    weeks after the due time), for people who have not muted reminders. Four queries."""
    now = now or timezone.now()
    lead = timedelta(hours=settings.PDSITE_REMINDER_LEAD_HOURS)
    assignments = load_assignments(
        Assignment.objects.filter(due_at__lte=now + lead, due_at__gte=now - timedelta(days=14))
    )
    if not assignments:
        return []
    muted = ReminderPreference.objects.filter(muted=True).values("user_id")
    pairs = list(
        AssignmentRecipient.objects.filter(assignment__in=[a.pk for a in assignments])
        .exclude(user_id__in=muted)
        .values_list("assignment_id", "user_id")
    )
    by_id = {a.pk: a for a in assignments}
    parts = resolve_parts(assignments)
    records = viewing_records({u for _, u in pairs}, {p.video_id for ps in parts.values() for p in ps})
    due = []
    for assignment_id, user_id in pairs:
        a = by_id[assignment_id]
        status = item_status(parts[a.pk], records, user_id=user_id, due_at=a.due_at, now=now)
        if status.complete:
            continue
        kind = SentReminder.Kind.OVERDUE if now > a.due_at else SentReminder.Kind.DUE_SOON
        due.append(ReminderDue(a, user_id, kind, status))
    return due


def follow_ups_due(*, now=None) -> list[WorkshopAttendee]:
    """Invited people (not marked absent) asked for their follow-up reflection: the workshop's
    follow-up time has come (within two weeks), they have not written it or been asked. One query."""
    now = now or timezone.now()
    muted = ReminderPreference.objects.filter(muted=True).values("user_id")
    return list(
        WorkshopAttendee.objects.filter(
            workshop__follow_up_at__lte=now,
            workshop__follow_up_at__gte=now - timedelta(days=14),
            follow_up_at__isnull=True,
            follow_up_prompted_at__isnull=True,
        )
        .exclude(attended=False)
        .exclude(user_id__in=muted)
        .select_related("workshop__department")
    )


def notifications_for(*, user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])


def reminders_muted(*, user) -> bool:
    return ReminderPreference.objects.filter(user=user, muted=True).exists()

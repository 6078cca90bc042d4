"""Writes for reminders: the mute setting, and sending each person one digest of what is
due soon or overdue and which workshop follow-ups are asked for (idempotent).

Other apps add lines to the digest with `digest_section_register(section)` from their
AppConfig.ready() (departments imports none of them): `section(now=...)` returns {user id:
[line, ...]} for what it has claimed for this run (pdsite.feedback: @mentions).
"""

from collections import defaultdict
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Notification, ReminderPreference, SentReminder, WorkshopAttendee
from ..selectors.reminders import follow_ups_due, reminders_due

User = get_user_model()

DigestSection = Callable[..., dict[int, list[str]]]
_SECTIONS: list[DigestSection] = []


def digest_section_register(section: DigestSection) -> None:
    """Add a digest section (see the module docstring); twice is a no-op."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def reminder_mute_set(*, user, muted: bool) -> None:
    ReminderPreference.objects.update_or_create(user=user, defaults={"muted": muted})


def reminders_send(*, now=None) -> int:
    """Send each person one digest of what is due soon or overdue; return how many digests.

    Idempotent: a SentReminder row (unique per assignment, person and kind) is claimed before
    anything is sent, so a second run, or two beat runs at once, send nothing new.
    """
    now = now or timezone.now()
    claimed = defaultdict(list)
    for due in reminders_due(now=now):
        try:
            with transaction.atomic():
                SentReminder.objects.create(assignment=due.assignment, user_id=due.user_id, kind=due.kind)
        except IntegrityError:
            continue
        claimed[due.user_id].append(due)
    prompts = defaultdict(list)
    for row in follow_ups_due(now=now):
        # Claimed by a conditional update: only one run can move it from empty to set.
        if WorkshopAttendee.objects.filter(pk=row.pk, follow_up_prompted_at__isnull=True).update(
            follow_up_prompted_at=now
        ):
            prompts[row.user_id].append(row.workshop)
    extra = defaultdict(list)
    for section in _SECTIONS:
        for user_id, lines in section(now=now).items():
            extra[user_id].extend(lines)
    users = User.objects.in_bulk(list({*claimed, *prompts, *extra}))
    for user_id, user in users.items():
        _send_digest(user, claimed.get(user_id, []), prompts.get(user_id, []), extra.get(user_id, []))
    return len(users)


def _send_digest(user, items, workshops, extra=()) -> None:
    items = sorted(items, key=lambda d: d.assignment.due_at)
    overdue = sum(1 for d in items if d.kind == SentReminder.Kind.OVERDUE)
    if items:
        subject = f"PD to watch: {len(items)} item{'s' if len(items) != 1 else ''}" + (
            f", {overdue} overdue" if overdue else ""
        )
    elif workshops:
        subject = "Workshop follow-up: did you try it?"
    else:
        subject = "New for you on pdsite"
    follow_ups = [
        (w, reverse("departments:workshop", kwargs={"slug": w.department.slug, "pk": w.pk})) for w in workshops
    ]
    context = {
        "user": user, "items": items, "follow_ups": follow_ups, "extra": extra, "url": reverse("home:my_learning"),
    }
    body = render_to_string("departments/email/reminder_digest.txt", context)
    Notification.objects.create(user=user, subject=subject, body=body, url=context["url"])
    if user.email:
        send_mail(subject, body, None, [user.email])

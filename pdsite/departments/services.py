"""Writes for departments: members, teams, workshops with pre-viewing, assignments, reminders.

Every function is keyword-only and atomic. Permission checks are the caller's job (views use
permissions.py); services enforce data rules (members of the department only, valid ranges).
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import selectors
from .models import (
    Assignment,
    AssignmentRecipient,
    Department,
    Membership,
    Notification,
    ReminderPreference,
    Role,
    SentReminder,
    Team,
    Workshop,
    WorkshopAttendee,
)

User = get_user_model()


# --- Members -------------------------------------------------------------------------


def membership_set(*, department: Department, user, role: str = Role.TEACHER) -> Membership:
    """Add `user` to the department with `role`, or change their role there."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}.")
    membership, _ = Membership.objects.update_or_create(department=department, user=user, defaults={"role": role})
    return membership


def membership_remove(*, department: Department, user) -> None:
    Membership.objects.filter(department=department, user=user).delete()


class ImportRejected(ValidationError):
    """A CSV import with errors; `.messages` lists one message per bad row. Nothing was saved."""


ROLE_BY_TEXT = {**{value: value for value in Role.values}, **{label.lower(): value for value, label in Role.choices}}
IMPORT_COLUMNS = ("email", "first_name", "last_name", "role")


@dataclass
class ImportResult:
    created_users: int
    added: int
    updated: int


def members_import_csv(*, department: Department, text: str) -> ImportResult:
    """Import members from CSV (columns email, first_name, last_name, role; header required).

    All or nothing: every row is checked first, and if any is bad ImportRejected lists each
    bad row by number and nothing is saved. Unknown emails become new accounts (no usable
    password until they reset it); known ones are matched by email, case-insensitively.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "email" not in header:
        raise ImportRejected(["The first line must be a header with at least an email column: " + ",".join(IMPORT_COLUMNS)])
    reader.fieldnames = header
    errors, rows, seen = [], [], set()
    for number, raw in enumerate(reader, start=2):
        row = {key: (value or "").strip() for key, value in raw.items() if key}
        email = row.get("email", "").lower()
        role_text = row.get("role", "").lower() or Role.TEACHER
        problems = []
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"“{email or '(blank)'}” is not an email address")
        if role_text not in ROLE_BY_TEXT:
            problems.append(f"unknown role “{row.get('role')}” (use one of: {', '.join(Role.values)})")
        if email in seen:
            problems.append("this email appears earlier in the file")
        seen.add(email)
        if problems:
            errors.append(f"Row {number}: " + "; ".join(problems) + ".")
        else:
            rows.append((email, row.get("first_name", ""), row.get("last_name", ""), ROLE_BY_TEXT[role_text]))
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected(["The file has no member rows under its header."])

    result = ImportResult(0, 0, 0)
    with transaction.atomic():
        existing = {u.email.lower(): u for u in User.objects.filter(email__in=[r[0] for r in rows])}
        current = dict(Membership.objects.filter(department=department).values_list("user_id", "role"))
        for email, first, last, role in rows:
            user = existing.get(email)
            if user is None:
                user = User(username=_free_username(email), email=email, first_name=first, last_name=last)
                user.set_unusable_password()
                user.save()
                result.created_users += 1
            if user.pk in current:
                result.updated += current[user.pk] != role
            else:
                result.added += 1
            membership_set(department=department, user=user, role=role)
    return result


def _free_username(email: str) -> str:
    base = email[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def team_create(*, department: Department, name: str, members) -> Team:
    _require_members(department, members)
    with transaction.atomic():
        team = Team.objects.create(department=department, name=name.strip())
        team.members.set(members)
    return team


def _require_members(department: Department, users) -> None:
    ids = {u.pk for u in users}
    inside = set(Membership.objects.filter(department=department, user_id__in=ids).values_list("user_id", flat=True))
    if ids - inside:
        raise ValidationError("Only members of this department can be chosen.")


# --- Assignments -----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What to watch: a clip, part of a clip (start/end seconds) or a module."""

    kind: str
    clip: object = None
    module: object = None
    start_seconds: float | None = None
    end_seconds: float | None = None

    def check(self) -> None:
        if self.kind == Assignment.Kind.MODULE:
            if self.module is None:
                raise ValidationError("Choose a module.")
            return
        if self.clip is None:
            raise ValidationError("Choose a clip.")
        if self.kind == Assignment.Kind.CLIP_RANGE:
            start, end = self.start_seconds, self.end_seconds
            duration = self.clip.video.duration if self.clip.video_id else None
            if start is None or end is None or start < 0 or end <= start:
                raise ValidationError("A part of a clip needs a start and an end, with the end after the start.")
            if duration and start >= duration:
                raise ValidationError(f"The clip is only {int(duration)} seconds long; start earlier.")


def assignment_create(
    *,
    department: Department,
    target: Target,
    due_at: datetime,
    recipients,
    created_by=None,
    audience: str = Assignment.Audience.INDIVIDUALS,
    team: Team | None = None,
    note: str = "",
    workshop: Workshop | None = None,
) -> Assignment:
    """Assign `target` to `recipients` (members of the department) by `due_at`."""
    target.check()
    recipients = list(recipients)
    if not recipients:
        raise ValidationError("Choose at least one person to assign this to.")
    _require_members(department, recipients)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            department=department,
            workshop=workshop,
            kind=target.kind,
            clip=target.clip if target.kind != Assignment.Kind.MODULE else None,
            module=target.module if target.kind == Assignment.Kind.MODULE else None,
            start_seconds=target.start_seconds if target.kind == Assignment.Kind.CLIP_RANGE else None,
            end_seconds=target.end_seconds if target.kind == Assignment.Kind.CLIP_RANGE else None,
            audience=audience,
            team=team,
            due_at=due_at,
            note=note,
            created_by=created_by,
        )
        AssignmentRecipient.objects.bulk_create(AssignmentRecipient(assignment=assignment, user=u) for u in recipients)
    return assignment


def audience_members(*, department: Department, audience: str, team: Team | None = None, users=()) -> list:
    """The people an audience choice means, today."""
    if audience == Assignment.Audience.DEPARTMENT:
        return [m.user for m in Membership.objects.filter(department=department).select_related("user")]
    if audience == Assignment.Audience.TEAM:
        if team is None or team.department_id != department.pk:
            raise ValidationError("Choose a team of this department.")
        return list(team.members.all())
    return list(users)


# --- Workshops -------------------------------------------------------------------------


@dataclass
class WorkshopData:
    title: str
    kind: str
    starts_at: datetime
    duration_minutes: int = 60
    place: str = ""
    link: str = ""
    pre_task: str = ""
    agenda: list[tuple[int, str]] = None  # (minutes, title)
    facilitator: object = None
    attendees: list = None
    pre_viewing: list[Target] = None
    due_at: datetime | None = None  # default: 48 h before


def workshop_create(*, department: Department, data: WorkshopData, created_by=None) -> Workshop:
    """Create a workshop, invite its attendees and set their pre-viewing (one assignment per item)."""
    attendees = list(data.attendees or [])
    _require_members(department, attendees + ([data.facilitator] if data.facilitator else []))
    targets = list(data.pre_viewing or [])
    for target in targets:
        target.check()
    with transaction.atomic():
        workshop = Workshop.objects.create(
            department=department,
            created_by=created_by,
            **_workshop_fields(data),
        )
        WorkshopAttendee.objects.bulk_create(WorkshopAttendee(workshop=workshop, user=u) for u in attendees)
        for target in targets:
            _pre_viewing_add(workshop, target, attendees)
    return workshop


def _workshop_fields(data: WorkshopData) -> dict:
    return {
        "title": data.title,
        "kind": data.kind,
        "starts_at": data.starts_at,
        "duration_minutes": data.duration_minutes,
        "place": data.place,
        "link": data.link,
        "pre_task": data.pre_task,
        "agenda": [("item", {"minutes": m, "title": t, "notes": ""}) for m, t in (data.agenda or [])],
        "facilitator": data.facilitator,
        "pre_viewing_due_at": data.due_at or Workshop.default_due(data.starts_at),
        "follow_up_at": Workshop.default_follow_up(data.starts_at),
    }


def _pre_viewing_add(workshop: Workshop, target: Target, attendees) -> Assignment:
    assignment = Assignment.objects.create(
        department=workshop.department,
        workshop=workshop,
        kind=target.kind,
        clip=target.clip if target.kind != Assignment.Kind.MODULE else None,
        module=target.module if target.kind == Assignment.Kind.MODULE else None,
        start_seconds=target.start_seconds,
        end_seconds=target.end_seconds,
        audience=Assignment.Audience.WORKSHOP,
        due_at=workshop.pre_viewing_due_at,
        note=f"Pre-viewing for “{workshop.title}”.",
        created_by=workshop.created_by,
    )
    AssignmentRecipient.objects.bulk_create(AssignmentRecipient(assignment=assignment, user=u) for u in attendees)
    return assignment


def workshop_update(*, workshop: Workshop, data: WorkshopData) -> Workshop:
    """Change a workshop. Attendees and pre-viewing follow the new lists: a removed item or
    person goes, a new one is added, and the pre-viewing due time moves with the workshop."""
    attendees = list(data.attendees or [])
    _require_members(workshop.department, attendees + ([data.facilitator] if data.facilitator else []))
    targets = list(data.pre_viewing or [])
    for target in targets:
        target.check()
    with transaction.atomic():
        for name, value in _workshop_fields(data).items():
            setattr(workshop, name, value)
        workshop.save()
        wanted = {u.pk for u in attendees}
        WorkshopAttendee.objects.filter(workshop=workshop).exclude(user_id__in=wanted).delete()
        have = set(WorkshopAttendee.objects.filter(workshop=workshop).values_list("user_id", flat=True))
        WorkshopAttendee.objects.bulk_create(
            WorkshopAttendee(workshop=workshop, user=u) for u in attendees if u.pk not in have
        )

        def key(kind, clip_id, module_id, start, end):
            return (kind, clip_id, module_id, start, end)

        existing = {
            key(a.kind, a.clip_id, a.module_id, a.start_seconds, a.end_seconds): a for a in workshop.pre_viewing.all()
        }
        keep = set()
        for target in targets:
            k = key(
                target.kind,
                getattr(target.clip, "pk", None) if target.kind != Assignment.Kind.MODULE else None,
                getattr(target.module, "pk", None) if target.kind == Assignment.Kind.MODULE else None,
                target.start_seconds,
                target.end_seconds,
            )
            keep.add(k)
            if k not in existing:
                _pre_viewing_add(workshop, target, attendees)
        for k, assignment in existing.items():
            if k not in keep:
                assignment.delete()
        workshop.pre_viewing.update(due_at=workshop.pre_viewing_due_at)
        AssignmentRecipient.objects.filter(assignment__workshop=workshop).exclude(user_id__in=wanted).delete()
        for assignment in workshop.pre_viewing.all():
            have = set(assignment.recipient_rows.values_list("user_id", flat=True))
            AssignmentRecipient.objects.bulk_create(
                AssignmentRecipient(assignment=assignment, user=u) for u in attendees if u.pk not in have
            )
    return workshop


def attendance_record(*, workshop: Workshop, attended_user_ids) -> None:
    """After the workshop: who came (everyone else invited is marked absent)."""
    attended = {int(pk) for pk in attended_user_ids}
    with transaction.atomic():
        WorkshopAttendee.objects.filter(workshop=workshop, user_id__in=attended).update(attended=True)
        WorkshopAttendee.objects.filter(workshop=workshop).exclude(user_id__in=attended).update(attended=False)


def follow_up_record(*, workshop: Workshop, user, text: str) -> WorkshopAttendee:
    """An attendee's follow-up reflection ("Did you try it? What happened?")."""
    text = text.strip()
    if not text:
        raise ValidationError("Write a sentence or two: did you try it, and what happened?")
    row = WorkshopAttendee.objects.filter(workshop=workshop, user=user).first()
    if row is None:
        raise ValidationError("You were not invited to this workshop.")
    row.follow_up = text
    row.follow_up_at = timezone.now()
    row.save(update_fields=["follow_up", "follow_up_at"])
    return row


# --- Reminders -------------------------------------------------------------------------


def reminder_mute_set(*, user, muted: bool) -> None:
    ReminderPreference.objects.update_or_create(user=user, defaults={"muted": muted})


def reminders_send(*, now=None) -> int:
    """Send each person one digest of what is due soon or overdue; return how many digests.

    Idempotent: a SentReminder row (unique per assignment, person and kind) is claimed before
    anything is sent, so a second run, or two beat runs at once, send nothing new.
    """
    now = now or timezone.now()
    claimed = defaultdict(list)
    for due in selectors.reminders_due(now=now):
        try:
            with transaction.atomic():
                SentReminder.objects.create(assignment=due.assignment, user_id=due.user_id, kind=due.kind)
        except IntegrityError:
            continue
        claimed[due.user_id].append(due)
    prompts = defaultdict(list)
    for row in selectors.follow_ups_due(now=now):
        # Claimed by a conditional update: only one run can move it from empty to set.
        if WorkshopAttendee.objects.filter(pk=row.pk, follow_up_prompted_at__isnull=True).update(
            follow_up_prompted_at=now
        ):
            prompts[row.user_id].append(row.workshop)
    users = User.objects.in_bulk(list({*claimed, *prompts}))
    for user_id, user in users.items():
        _send_digest(user, claimed.get(user_id, []), prompts.get(user_id, []))
    return len(users)


def _send_digest(user, items, workshops) -> None:
    items = sorted(items, key=lambda d: d.assignment.due_at)
    overdue = sum(1 for d in items if d.kind == SentReminder.Kind.OVERDUE)
    if items:
        subject = f"PD to watch: {len(items)} item{'s' if len(items) != 1 else ''}" + (
            f", {overdue} overdue" if overdue else ""
        )
    else:
        subject = "Workshop follow-up: did you try it?"
    follow_ups = [
        (w, reverse("departments:workshop", kwargs={"slug": w.department.slug, "pk": w.pk})) for w in workshops
    ]
    context = {"user": user, "items": items, "follow_ups": follow_ups, "url": reverse("home:my_learning")}
    body = render_to_string("departments/email/reminder_digest.txt", context)
    Notification.objects.create(user=user, subject=subject, body=body, url=context["url"])
    if user.email:
        send_mail(subject, body, None, [user.email])

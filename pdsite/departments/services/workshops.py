"""Writes for workshops: creating and changing one with its invitations and pre-viewing
(one assignment per item, kept in step with the workshop), attendance and follow-ups.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Assignment, AssignmentRecipient, Department, Workshop, WorkshopAttendee
from .assignments import Target
from .members import require_members


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
    require_members(department, attendees + ([data.facilitator] if data.facilitator else []))
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
    require_members(workshop.department, attendees + ([data.facilitator] if data.facilitator else []))
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

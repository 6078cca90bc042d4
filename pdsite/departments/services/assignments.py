"""Writes for assignments: what to watch (`Target`), assigning it to members by a due time,
and who an audience choice (department, team, individuals) means today.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Assignment, AssignmentRecipient, Department, Membership, Team, Workshop
from .members import require_members


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
    require_members(department, recipients)
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

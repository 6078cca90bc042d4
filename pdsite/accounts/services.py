"""Writes for sign-in: a pending member is created by a first single sign-on, and approved
(joins a department as a teacher) or refused (their new account is switched off) by a head of
department of the school. Each decision is made once; notices go to the people concerned."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pdsite.departments.models import Department, Membership, Notification, Role

from .models import PendingMember


@transaction.atomic
def pending_member_create(*, user, school_id: int, email: str, provider: str) -> PendingMember:
    """Record that `user` asks to join the school, and tell its heads of department."""
    pending, created = PendingMember.objects.get_or_create(
        user=user, school_id=school_id, status=PendingMember.Status.PENDING,
        defaults={"email": email, "provider": provider},
    )
    if created:
        heads = (
            Membership.objects.filter(department__school_id=school_id, role=Role.HEAD)
            .values_list("user_id", flat=True).distinct()
        )
        Notification.objects.bulk_create(
            Notification(
                user_id=head,
                subject=f"{email} asks to join {pending.school.name}",
                body=f"{user.get_full_name() or email} signed in with their school account for the first time. "
                "Approve or refuse them on the pending members page.",
                url=reverse("accounts:pending"),
            )
            for head in heads
        )
    return pending


def _decide(pending: PendingMember, *, by, status: str) -> PendingMember:
    locked = PendingMember.objects.select_for_update().get(pk=pending.pk)
    if locked.status != PendingMember.Status.PENDING:
        raise ValidationError("Someone has already decided on this request.")
    locked.status, locked.decided_by, locked.decided_at = status, by, timezone.now()
    return locked


@transaction.atomic
def pending_member_approve(*, pending: PendingMember, department: Department, by) -> PendingMember:
    """Add the person to `department` (of the same school) as a teacher; raises ValidationError
    when the department is not the school's or the request was already decided."""
    if department.school_id != pending.school_id:
        raise ValidationError("Choose one of the school's departments.")
    pending = _decide(pending, by=by, status=PendingMember.Status.APPROVED)
    pending.department = department
    pending.save(update_fields=["status", "decided_by", "decided_at", "department"])
    Membership.objects.get_or_create(department=department, user=pending.user, defaults={"role": Role.TEACHER})
    pending.user.groups.add(*Group.objects.filter(name="Teachers"))
    Notification.objects.create(
        user=pending.user, subject=f"Welcome to {department.name}",
        body=f"{by.get_full_name() or by.username} approved your membership of {department}.",
        url=reverse("home:my_learning"),
    )
    return pending


@transaction.atomic
def pending_member_refuse(*, pending: PendingMember, by) -> PendingMember:
    """Refuse the request; an account that belongs to no department is switched off (it was made
    by the sign-in itself), so it cannot sign in again. Raises ValidationError when decided."""
    pending = _decide(pending, by=by, status=PendingMember.Status.REFUSED)
    pending.save(update_fields=["status", "decided_by", "decided_at"])
    user = pending.user
    if not user.is_superuser and not Membership.objects.filter(user=user).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
    return pending

"""Who may decide on a pending member: the one rule for the pending-members page.

A head of department of the school the person asked to join (any of its departments), or a
superuser. Anyone else, and an id that does not exist or is already decided, gets the same 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from pdsite.departments.models import Department, Role

from .models import PendingMember

NOT_FOUND = "No such request to join."


def headed_schools(user):
    """Ids of the schools `user` heads a department of (a queryset of ids)."""
    return Department.objects.filter(memberships__user=user, memberships__role=Role.HEAD).values("school_id")


def decidable_pending_members(user) -> QuerySet[PendingMember]:
    """Pending members `user` may approve or refuse, oldest first."""
    pending = PendingMember.objects.filter(status=PendingMember.Status.PENDING).select_related("user", "school")
    if not user.is_authenticated:
        return pending.none()
    if user.is_superuser:
        return pending
    return pending.filter(school_id__in=headed_schools(user))


def can_decide(user, pending: PendingMember) -> bool:
    return decidable_pending_members(user).filter(pk=pending.pk).exists()


def pending_member_get_decidable(user, pk: int) -> PendingMember:
    """The pending member `pk` if `user` may decide on it; Http404 otherwise (unknown, decided
    and forbidden alike)."""
    pending = decidable_pending_members(user).filter(pk=pk).first()
    if pending is None:
        raise Http404(NOT_FOUND)
    return pending


def approval_departments(user, school) -> QuerySet[Department]:
    """The departments of `school` `user` may add an approved member to: the ones they head
    (a superuser: all of them)."""
    departments = Department.objects.filter(school=school).order_by("name")
    if user.is_superuser:
        return departments
    return departments.filter(memberships__user=user, memberships__role=Role.HEAD).distinct()

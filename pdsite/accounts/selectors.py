"""Reads for sign-in: the schools' rules as the policy sees them, and which school (if any)
keeps a person off passwords."""

from __future__ import annotations

from django.db.models import Q

from pdsite.departments.models import School

from .models import SchoolSignIn
from .policy import SchoolRules


def school_rules_list() -> list[SchoolRules]:
    """Every school's sign-in settings (one query)."""
    return [
        SchoolRules(
            school_id=row.school_id,
            name=row.school.name,
            domains=tuple(row.domains),
            entra_tenant_id=row.entra_tenant_id.strip().lower(),
        )
        for row in SchoolSignIn.objects.select_related("school")
    ]


def password_refusal_school(user) -> School | None:
    """The school that turned local passwords off for its staff, if `user` is its staff: a
    member of one of its departments, or someone who asked to join it. Superusers never are:
    administrators keep their password. One query."""
    if user.is_superuser:
        return None
    return (
        School.objects.filter(sign_in__local_passwords_off=True)
        .filter(Q(departments__memberships__user=user) | Q(pending_members__user=user))
        .order_by("name")
        .first()
    )

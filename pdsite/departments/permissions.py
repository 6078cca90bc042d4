"""Who may see and do what: the one permission layer every view, export and report uses.

- A superuser sees and manages everything.
- A head of department or PD lead manages their own department(s): members, workshops,
  assignments, and each member's progress.
- A PD lead also sees aggregates (never individuals) across their school.
- A teacher sees only themself: their assignments, and workshops they are invited to or
  facilitate.
- Only a superuser or a head of department of the same school grants the managing roles
  (head of department, PD lead), or changes or removes someone who holds one; a PD lead who
  manages a department adds and changes everyone else there (`can_grant_role`).

Every function here is one query at most (or none for a superuser).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import MANAGING_ROLES, Department, Membership, Role, School, Workshop


def _is_admin(user) -> bool:
    return user.is_authenticated and user.is_superuser


def managed_departments(user) -> QuerySet[Department]:
    """Departments whose members' progress `user` may see and whose work they may set."""
    if _is_admin(user):
        return Department.objects.all()
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(memberships__user=user, memberships__role__in=MANAGING_ROLES).distinct()


def can_manage_department(user, department: Department) -> bool:
    if _is_admin(user):
        return True
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, department=department, role__in=MANAGING_ROLES).exists()


def managed_department(user, slug: str) -> Department:
    """The department `slug` if `user` manages it; PermissionDenied otherwise, the same for a
    department that does not exist as for one they may not manage (so nothing leaks)."""
    department = Department.objects.select_related("school").filter(slug=slug).first()
    if department is None or not can_manage_department(user, department):
        raise PermissionDenied
    return department


def visible_teachers(user):
    """The people whose individual progress `user` may see: their managed departments' members,
    and themself."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if _is_admin(user):
        return User.objects.all()
    if not user.is_authenticated:
        return User.objects.none()
    managed = Membership.objects.filter(user=user, role__in=MANAGING_ROLES).values("department_id")
    return User.objects.filter(Q(pk=user.pk) | Q(memberships__department_id__in=managed)).distinct()


def aggregate_schools(user) -> QuerySet[School]:
    """Schools whose aggregate uptake `user` may see (PD leads of the school, and admins)."""
    if _is_admin(user):
        return School.objects.all()
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(departments__memberships__user=user, departments__memberships__role=Role.PD_LEAD).distinct()


def can_view_school_aggregates(user, school: School) -> bool:
    return _is_admin(user) or aggregate_schools(user).filter(pk=school.pk).exists()


def can_view_workshop(user, workshop: Workshop) -> bool:
    """Managers of its department, its facilitator, and the people invited to it."""
    if not user.is_authenticated:
        return False
    if _is_admin(user) or workshop.facilitator_id == user.pk:
        return True
    return Membership.objects.filter(
        Q(user=user, department_id=workshop.department_id, role__in=MANAGING_ROLES)
    ).exists() or workshop.attendee_rows.filter(user=user).exists()


def can_view_retention(user) -> bool:
    """Retention curves are drawn over visible_teachers(user); only managers get a page for them."""
    return _is_admin(user) or (
        user.is_authenticated and Membership.objects.filter(user=user, role__in=MANAGING_ROLES).exists()
    )


ROLE_GRANT_REFUSED = (
    "Only an administrator or a head of department at {school} can make someone head of department or "
    "PD lead, or change or remove someone who is one."
)


def can_grant_role(user, school: School, role: str) -> bool:
    """Whether `user` may give (or take away) `role` in a department of `school`.

    The managing roles (head of department, PD lead: PD lead opens the school-wide reports) are
    granted only by a superuser or by a head of department of a department of that school; the
    other roles by anyone who manages the department (the caller checks that).
    """
    if role not in MANAGING_ROLES or _is_admin(user):
        return True
    return user.is_authenticated and Membership.objects.filter(
        user=user, role=Role.HEAD, department__school=school
    ).exists()

"""Who may see, work on, lead and start a cycle: the one rule, asked by every cycles view, the
department dashboard's list and the "cycle" share audience.

- A cycle is seen by its participants (the lesson-study group) and by the managers of its
  department (head, PD lead; a superuser manages every department). No one else: not another
  teacher in the department, not another school. An unknown cycle and a forbidden one answer
  the same 404 (NOT_FOUND).
- Whoever sees a cycle works on it while it is open (edits steps, marks them done).
- Its lead (whoever started it, the ECT's mentor, a manager) also changes its dates and
  group, and closes it.
- Any member of a department may start a lesson study or TRG cycle there; an ECT observation
  cycle is started by the ECT's mentor or induction tutor, or by a manager.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from pdsite.departments.models import MANAGING_ROLES, Department, Membership
from pdsite.departments.permissions import can_manage_department
from pdsite.pathways.models import InductionProfile

from .templates import Kind

NOT_FOUND = "No such cycle."
NO_DEPARTMENT = "No such department."


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def cycles_visible_to(user, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed to the cycles `user` may see (the queryset form of can_view_cycle)."""
    if not _signed_in(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    managed = Membership.objects.filter(user=user, role__in=MANAGING_ROLES).values("department_id")
    participating = queryset.model.participants.through.objects.filter(user=user).values("cycle_id")
    return queryset.filter(Q(department_id__in=managed) | Q(pk__in=participating))


def is_participant(user, cycle) -> bool:
    return _signed_in(user) and cycle.participants.filter(pk=user.pk).exists()


def can_view_cycle(user, cycle) -> bool:
    return _signed_in(user) and (is_participant(user, cycle) or can_manage_department(user, cycle.department))


def can_work_on_cycle(user, cycle) -> bool:
    """Edit steps and mark them done: a participant or a lead, while the cycle is open."""
    return cycle.is_open and (is_participant(user, cycle) or can_lead_cycle(user, cycle))


def can_lead_cycle(user, cycle) -> bool:
    """Change the cycle's dates and group, close it."""
    if not _signed_in(user):
        return False
    return user.pk in (cycle.created_by_id, cycle.mentor_id) or can_manage_department(user, cycle.department)


def cycle_get_visible_or_404(user, pk: int, *, queryset: QuerySet | None = None):
    from .models import Cycle

    cycle = (queryset if queryset is not None else Cycle.objects.select_related("department__school")).filter(
        pk=pk
    ).first()
    if cycle is None or not can_view_cycle(user, cycle):
        raise Http404(NOT_FOUND)
    return cycle


def department_for_member_or_404(user, slug: str) -> Department:
    """The department `slug` if `user` is in it or manages it; the same 404 otherwise."""
    department = Department.objects.select_related("school").filter(slug=slug).first()
    if department is None or not _signed_in(user):
        raise Http404(NO_DEPARTMENT)
    if not (user.is_superuser or Membership.objects.filter(user=user, department=department).exists()):
        raise Http404(NO_DEPARTMENT)
    return department


def kinds_user_may_start(user, department: Department) -> list[str]:
    """The kinds of cycle `user` may start in `department` (a member: lesson study and TRG; an
    ECT's mentor or induction tutor, or a manager, also ECT observation)."""
    kinds = [Kind.LESSON_STUDY, Kind.TRG]
    if can_manage_department(user, department) or ects_user_may_observe(user, department).exists():
        kinds.append(Kind.ECT_OBSERVATION)
    return kinds


def ects_user_may_observe(user, department: Department):
    """The ECTs of `department` whose observation cycle `user` may start: all of them for a
    manager, else the ones `user` mentors or tutors."""
    from django.contrib.auth import get_user_model

    ects = get_user_model().objects.filter(memberships__department=department, induction__isnull=False)
    if can_manage_department(user, department):
        return ects
    tutored = InductionProfile.objects.filter(Q(mentor=user) | Q(induction_tutor=user)).values("user_id")
    return ects.filter(pk__in=tutored)

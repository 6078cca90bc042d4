"""Who may see and do what in a Work Group: the one rule, asked by every workgroups view, list,
export, and by the "workgroup" share audience.

- The programme (title, description, dates, foci, facilitators) is an advert: anyone signed in
  reads it, and so can decide to book.
- The group's space (members' names, workshops' rooms and links, gap tasks, discussion, what
  is shared with the group) is seen by its members (participants with a live place), its
  facilitators (and the hub's staff; a superuser) and the subject leaders of the booked schools.
  No one else: a teacher of another school gets the unknown-group 404 for every space URL.
- Facilitators run the group: roster with dietary and access needs, attendance, gap tasks,
  workshop dates, the report. They see the group's activity (bookings, submissions, ratings,
  plans shared with the group) and never a school's department data: nothing here reads a
  department's members, assignments or progress.
- A school's subject leader (whoever booked, or a head of department / PD lead of the booked
  department) sees and changes their own school's booking and participants, and only those.
- A participant sees their own booking, submissions and ratings; the group sees names only.
Unknown and forbidden ids answer alike (404, NOT_FOUND).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from pdsite.departments.models import MANAGING_ROLES, Department, Membership

NOT_FOUND = "No such Work Group."
NO_BOOKING = "No such booking."
NO_TASK = "No such gap task."
NO_WORKSHOP = "No such workshop."


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _managed_department_ids(user):
    return Membership.objects.filter(user=user, role__in=MANAGING_ROLES).values("department_id")


def live_participants(work_group=None) -> QuerySet:
    from .models import Booking, Participant

    rows = Participant.objects.filter(cancelled=False).exclude(booking__status=Booking.Status.CANCELLED)
    return rows if work_group is None else rows.filter(work_group=work_group)


def _facilitating_q(user) -> Q:
    return Q(facilitators__user=user) | Q(hub__staff=user)


def work_groups_visible_to(user, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed to the groups whose space `user` may see (the queryset form of
    can_view_space)."""
    from .models import Booking

    if not _signed_in(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    member = live_participants().filter(user=user).values("work_group_id")
    leads = Booking.objects.exclude(status=Booking.Status.CANCELLED).filter(
        Q(booked_by=user) | Q(department_id__in=_managed_department_ids(user))
    ).values("work_group_id")
    return queryset.filter(_facilitating_q(user) | Q(pk__in=member) | Q(pk__in=leads)).distinct()


def work_groups_facilitated_by(user, queryset: QuerySet | None = None) -> QuerySet:
    from .models import WorkGroup

    queryset = WorkGroup.objects.all() if queryset is None else queryset
    if not _signed_in(user):
        return queryset.none()
    return queryset if user.is_superuser else queryset.filter(_facilitating_q(user)).distinct()


def can_facilitate(user, work_group) -> bool:
    return _signed_in(user) and work_groups_facilitated_by(user).filter(pk=work_group.pk).exists()


def participant_for(user, work_group):
    """`user`'s live place in `work_group`, or None."""
    if not _signed_in(user):
        return None
    return live_participants(work_group).filter(user=user).select_related("booking", "focus").first()


def is_member(user, work_group) -> bool:
    return participant_for(user, work_group) is not None


def can_view_space(user, work_group) -> bool:
    from .models import WorkGroup

    return _signed_in(user) and work_groups_visible_to(user, WorkGroup.objects.filter(pk=work_group.pk)).exists()


def work_group_or_404(pk: int):
    """The group `pk` for its programme page (anyone signed in reads the advert)."""
    from .models import WorkGroup

    work_group = WorkGroup.objects.select_related("hub", "join_first").filter(pk=pk).first()
    if work_group is None:
        raise Http404(NOT_FOUND)
    return work_group


def space_or_404(user, pk: int):
    """The group `pk` if `user` may see its space; the same 404 as an unknown group otherwise."""
    work_group = work_group_or_404(pk)
    if not can_view_space(user, work_group):
        raise Http404(NOT_FOUND)
    return work_group


# --- Schools: booking and their own people ----------------------------------------------------


def bookable_departments(user) -> QuerySet[Department]:
    """The departments `user` books places for: those they are head of department or PD lead of."""
    if not _signed_in(user):
        return Department.objects.none()
    return Department.objects.filter(pk__in=_managed_department_ids(user)).select_related("school")


def is_school_lead(user, booking) -> bool:
    """Whoever booked, or a head of department / PD lead of the booked department."""
    if not _signed_in(user):
        return False
    if user.is_superuser or booking.booked_by_id == user.pk:
        return True
    return Membership.objects.filter(user=user, department_id=booking.department_id, role__in=MANAGING_ROLES).exists()


def can_view_booking(user, booking) -> bool:
    if not _signed_in(user):
        return False
    return (
        is_school_lead(user, booking)
        or booking.participants.filter(user=user, cancelled=False).exists()
        or can_facilitate(user, booking.work_group)
    )


def booking_or_404(user, pk: int):
    from .models import Booking

    booking = Booking.objects.select_related("work_group__hub", "department__school").filter(pk=pk).first()
    if booking is None or not can_view_booking(user, booking):
        raise Http404(NO_BOOKING)
    return booking


def bookings_visible_to(user, work_group) -> QuerySet:
    """The group's bookings `user` may see: every one for a facilitator, else their school's own."""
    from .models import Booking

    bookings = Booking.objects.filter(work_group=work_group).select_related("department__school")
    if not _signed_in(user):
        return bookings.none()
    if can_facilitate(user, work_group):
        return bookings
    mine = live_participants(work_group).filter(user=user).values("booking_id")
    return bookings.filter(Q(booked_by=user) | Q(department_id__in=_managed_department_ids(user)) | Q(pk__in=mine))


def can_see_needs(user, participant) -> bool:
    """Dietary and access needs: the person, their school's lead, the group's facilitators."""
    return (
        participant.user_id == user.pk
        or is_school_lead(user, participant.booking)
        or can_facilitate(user, participant.work_group)
    )


# --- Between workshops ---------------------------------------------------------------------------


def task_or_404(user, pk: int):
    from .models import GapTask

    task = GapTask.objects.select_related("work_group__hub", "before_workshop").filter(pk=pk).first()
    if task is None or not can_view_space(user, task.work_group):
        raise Http404(NO_TASK)
    return task


def workshop_or_404(user, pk: int):
    from .models import Workshop

    workshop = Workshop.objects.select_related("work_group__hub").filter(pk=pk).first()
    if workshop is None or not can_view_space(user, workshop.work_group):
        raise Http404(NO_WORKSHOP)
    return workshop


def submissions_visible_to(user, task) -> QuerySet:
    """A task's submissions `user` may see: all for a facilitator; else their own and (for a
    school lead) their school's participants'."""
    from .models import GapSubmission

    rows = GapSubmission.objects.filter(task=task).select_related("participant__user", "participant__booking",
                                                                   "share__recording")
    if not _signed_in(user):
        return rows.none()
    if can_facilitate(user, task.work_group):
        return rows
    led = [b.pk for b in bookings_visible_to(user, task.work_group) if is_school_lead(user, b)]
    return rows.filter(Q(participant__user=user) | Q(participant__booking_id__in=led))


def can_write_plan(user, booking) -> bool:
    """The school's own people write its “back in the department” plan."""
    return is_school_lead(user, booking) or booking.participants.filter(user=user, cancelled=False).exists()


def participant_or_404(user, pk: int):
    """A place in a group whose space `user` sees (the group sees names); else the 404."""
    from .models import Participant

    participant = Participant.objects.select_related("booking", "work_group", "user").filter(pk=pk).first()
    if participant is None or not can_view_space(user, participant.work_group):
        raise Http404("No such participant.")
    return participant


def plan_or_404(user, pk: int):
    from .models import DepartmentPlan

    plan = DepartmentPlan.objects.select_related("booking__department", "booking__work_group", "before_workshop").filter(
        pk=pk
    ).first()
    if plan is None or not can_view_booking(user, plan.booking):
        raise Http404("No such plan.")
    return plan

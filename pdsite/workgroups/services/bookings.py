"""Bookings: eligibility, places, the booking state machine (`booking_transition`, one table
of allowed moves), the headteacher's endorsement, the confirmation email with the calendar file
and cover reminder (claimed by a conditional update, so a redelivered task sends nothing
twice), and moving a workshop (every booked participant is told, on commit)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pdsite.departments.models import MANAGING_ROLES, Membership

from .. import access, ics
from ..eligibility import Fact, Verdict, eligibility
from ..models import (
    Booking,
    FocusOption,
    Participant,
    WorkGroup,
    Workshop,
)
from .common import _text

User = get_user_model()

TRANSITIONS: dict[str, frozenset[str]] = {
    Booking.Status.AWAITING_ENDORSEMENT: frozenset({Booking.Status.CONFIRMED, Booking.Status.CANCELLED}),
    Booking.Status.CONFIRMED: frozenset({Booking.Status.CANCELLED}),
    Booking.Status.CANCELLED: frozenset(),
}
COVER_REMINDER = (
    "Please put these dates in your diary now and submit your cover request in school for every workshop."
)



# --- Eligibility ----------------------------------------------------------------------------


def school_eligibility(*, work_group: WorkGroup, department) -> Verdict:
    history = [Fact(r.kind, r.phase, r.cohort) for r in department.school.tfm_history.all()]
    return eligibility(
        rule=work_group.eligibility, history=history, max_cohort=work_group.specialist_max_cohort,
        join_first=work_group.join_first, department_phase=department.tfm_phase,
    )


# --- Bookings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One place asked for: a person of the department, lead or not, a focus (None: decide at
    the first workshop), their dietary and access needs."""

    user: object
    is_lead: bool = False
    focus: FocusOption | None = None
    dietary_needs: str = ""
    access_needs: str = ""


def places_left(work_group: WorkGroup) -> int:
    return max(work_group.capacity - access.live_participants(work_group).count(), 0)


@transaction.atomic
def booking_create(*, work_group: WorkGroup, department, by, places: list[Place], today=None) -> Booking:
    """Book `places` for `department`'s school. It waits for the headteacher's (or head of
    department's) endorsement (`booking_endorse`), but holds its places from now.

    Raises ValidationError when `by` does not lead the department, the deadline has passed, the
    school is not eligible (the message points to the group to join first), the places are
    wrong (none, too many, not one lead, not in the department, a focus of another group,
    someone already placed) or there are not enough places left. Locks the group's row, so two
    schools booking the last places at once cannot both have them."""
    today = today or timezone.localdate()
    if not access.bookable_departments(by).filter(pk=department.pk).exists():
        raise ValidationError("Only the department's head or PD lead can book places for it.")
    group = WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    if today > group.booking_deadline:
        raise ValidationError(f"Booking closed on {group.booking_deadline:%a %-d %b %Y}.")
    verdict = school_eligibility(work_group=group, department=department)
    if not verdict.eligible:
        raise ValidationError(verdict.reason)
    if not places:
        raise ValidationError({"participants": "Choose at least one participant."})
    if len(places) > group.places_per_school:
        raise ValidationError({"participants": f"A school books at most {group.places_per_school} places."})
    if sum(1 for p in places if p.is_lead) != 1:
        raise ValidationError({"lead": "Choose one lead participant (normally the subject leader)."})
    users = [p.user for p in places]
    if len({u.pk for u in users}) != len(users):
        raise ValidationError({"participants": "Choose two different people."})
    members = set(Membership.objects.filter(department=department, user__in=users).values_list("user_id", flat=True))
    if any(u.pk not in members for u in users):
        raise ValidationError({"participants": f"Participants must be members of {department.name} at {department.school}."})
    if group.is_community:
        leaders = set(
            Membership.objects.filter(department=department, user__in=users, role__in=MANAGING_ROLES)
            .values_list("user_id", flat=True)
        )
        if any(u.pk not in leaders for u in users):
            raise ValidationError({"participants": "This is a subject leader community: book your head of department or PD lead."})
    for place in places:
        if place.focus is not None and place.focus.work_group_id != group.pk:
            raise ValidationError({"focus": "Choose one of this Work Group's foci."})
    placed = access.live_participants(group).filter(user__in=users).select_related("user")
    if placed:
        names = ", ".join(str(p) for p in placed)
        raise ValidationError({"participants": f"Already in this Work Group: {names}."})
    if Booking.objects.filter(work_group=group, department=department).exclude(status=Booking.Status.CANCELLED).exists():
        raise ValidationError("Your department has already booked this Work Group: change that booking instead.")
    left = places_left(group)
    if len(places) > left:
        raise ValidationError(f"Only {left} place{'s' if left != 1 else ''} left in this Work Group.")
    booking = Booking.objects.create(work_group=group, department=department, booked_by=by)
    for place in places:
        Participant.objects.create(
            booking=booking, work_group=group, user=place.user, is_lead=place.is_lead, focus=place.focus,
            dietary_needs=_text(place.dietary_needs, "dietary_needs", "", required=False)[:300],
            access_needs=_text(place.access_needs, "access_needs", "", required=False)[:300],
        )
    return booking


def booking_transition(*, booking: Booking, to: str, by=None, notify: bool = True) -> Booking:
    """Move `booking` to status `to` if the table allows it (row locked). Confirming enqueues
    the confirmation email on commit (unless `notify` is False: the demo seed); cancelling
    frees the places."""
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if to not in TRANSITIONS[locked.status]:
            raise ValidationError(f"A booking that is “{locked.get_status_display()}” cannot become “{Booking.Status(to).label}”.")
        locked.status = to
        locked.save(update_fields=["status"])
        if to == Booking.Status.CANCELLED:
            locked.participants.update(cancelled=True)
        if to == Booking.Status.CONFIRMED and notify:
            from ..tasks import booking_confirmation_task

            transaction.on_commit(lambda: booking_confirmation_task.delay(locked.pk))
    booking.status = locked.status
    return locked


@transaction.atomic
def booking_endorse(
    *, booking: Booking, by, endorser_name: str, endorser_role: str, notify: bool = True, at=None
) -> Booking:
    """Record the headteacher's (or head of department's) endorsement and confirm the booking
    (`notify`, `at`: see booking_transition; the demo seed's past endorsements)."""
    if not access.is_school_lead(by, booking):
        raise ValidationError("Only the school's subject leader records the endorsement.")
    if endorser_role not in Booking.Endorser.values:
        raise ValidationError({"endorser_role": "Choose headteacher or head of department."})
    name = _text(endorser_name, "endorser_name", "the name of the person who endorses the booking")[:200]
    booking = booking_transition(booking=booking, to=Booking.Status.CONFIRMED, by=by, notify=notify)
    booking.endorsed_by_name, booking.endorser_role = name, endorser_role
    booking.endorsed_at, booking.endorsement_recorded_by = at or timezone.now(), by
    booking.save(update_fields=["endorsed_by_name", "endorser_role", "endorsed_at", "endorsement_recorded_by"])
    return booking


def booking_cancel(*, booking: Booking, by, notify: bool = True) -> Booking:
    """Cancel a booking (the school's subject leader or a facilitator): its places are free at
    once and its people lose the group's space; they (and the booker) are emailed on commit."""
    if not (access.is_school_lead(by, booking) or access.can_facilitate(by, booking.work_group)):
        raise ValidationError("Only the school's subject leader or a facilitator cancels a booking.")
    emails = _recipients(booking)  # before the places are cancelled
    cancelled = booking_transition(booking=booking, to=Booking.Status.CANCELLED, by=by)
    if notify and emails:
        from ..tasks import booking_cancelled_task

        transaction.on_commit(lambda: booking_cancelled_task.delay(cancelled.pk, emails))
    return cancelled


def booking_cancelled_send(*, booking_id: int, emails: list[str]) -> int:
    """Tell the people of a cancelled booking that their places are gone (one message each, so
    no one sees another's address); 0 when the booking is gone or live again."""
    booking = Booking.objects.select_related("work_group", "department__school").filter(
        pk=booking_id, status=Booking.Status.CANCELLED
    ).first()
    if booking is None:
        return 0
    group = booking.work_group
    body = (
        f"{booking.department.school}'s places in “{group.title}” have been cancelled, so the workshops "
        "are no longer in your programme and the group's space is closed to you.\n\n"
        "If this is a mistake, ask your subject leader to book again while places are left.\n"
    )
    return sum(EmailMessage(f"Cancelled: {group.title}", body, None, [email]).send() for email in emails)


def work_group_events(work_group: WorkGroup, *, base_url: str = "") -> list[ics.Event]:
    url = base_url + reverse("workgroups:detail", kwargs={"pk": work_group.pk}) if base_url else ""
    return [
        ics.Event(
            uid=f"workgroup-{work_group.pk}-workshop-{w.pk}@pdsite",
            summary=f"{work_group.title}: workshop {w.number}",
            day=w.date, starts=w.starts, ends=w.ends, location=w.link if w.mode == Workshop.Mode.ONLINE else w.venue,
            description=COVER_REMINDER, url=url, sequence=w.sequence,
        )
        for w in work_group.workshops.all()
    ]


def work_group_calendar(work_group: WorkGroup, *, base_url: str = "") -> str:
    return ics.calendar(work_group_events(work_group, base_url=base_url), name=work_group.title, stamp=timezone.now())


def _dates(work_group: WorkGroup) -> str:
    return "\n".join(
        f"- Workshop {w.number}: {w.date:%A %-d %B %Y}, {w.starts:%H:%M}–{w.ends:%H:%M}, {w.where}"
        for w in work_group.workshops.all()
    )


def _recipients(booking: Booking) -> list[str]:
    people = [p.user for p in booking.participants.filter(cancelled=False).select_related("user")]
    if booking.booked_by is not None:
        people.append(booking.booked_by)
    return sorted({u.email for u in people if u.email})


def booking_confirmation_send(*, booking_id: int) -> bool:
    """Email the booking's participants and booker the calendar of every workshop and the cover
    reminder, once (claimed by a conditional update; False when already sent or gone)."""
    claimed = Booking.objects.filter(
        pk=booking_id, status=Booking.Status.CONFIRMED, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=timezone.now())
    if not claimed:
        return False
    booking = Booking.objects.select_related("work_group", "department__school", "booked_by").get(pk=booking_id)
    group = booking.work_group
    body = (
        f"Your school's places in “{group.title}” are confirmed.\n\n{_dates(group)}\n\n{COVER_REMINDER}\n"
        "The attached calendar file (workshops.ics) adds every workshop to your calendar.\n"
    )
    message = EmailMessage(f"Booked: {group.title}", body, None, _recipients(booking))
    message.attach("workshops.ics", work_group_calendar(group), "text/calendar")
    message.send()
    return True


# --- Workshops -------------------------------------------------------------------------------


@transaction.atomic
def workshop_reschedule(
    *, workshop: Workshop, by, date: datetime.date, starts: datetime.time, ends: datetime.time, venue: str | None = None
) -> Workshop:
    """Move a workshop (a facilitator only); every booked participant is emailed the new date
    and an updated calendar entry, on commit."""
    if not access.can_facilitate(by, workshop.work_group):
        raise ValidationError("Only the Work Group's facilitators change its workshops.")
    if ends <= starts:
        raise ValidationError({"ends": "The workshop must end after it starts."})
    before = (workshop.date, workshop.starts, workshop.ends, workshop.venue)
    workshop.date, workshop.starts, workshop.ends = date, starts, ends
    if venue is not None:
        workshop.venue = venue.strip()[:200]
    if before == (workshop.date, workshop.starts, workshop.ends, workshop.venue):
        return workshop
    workshop.sequence += 1
    workshop.save(update_fields=["date", "starts", "ends", "venue", "sequence"])
    from ..tasks import workshop_changed_task

    old = f"{before[0]:%A %-d %B %Y}, {before[1]:%H:%M}–{before[2]:%H:%M}"
    workshop_id = workshop.pk
    transaction.on_commit(lambda: workshop_changed_task.delay(workshop_id, old))
    return workshop


def workshop_changed_send(*, workshop_id: int, old: str) -> int:
    """Email every live participant of the workshop's group its new date, with the calendar."""
    workshop = Workshop.objects.select_related("work_group").filter(pk=workshop_id).first()
    if workshop is None:
        return 0
    group = workshop.work_group
    emails = sorted(set(access.live_participants(group).exclude(user__email="").values_list("user__email", flat=True)))
    if not emails:
        return 0
    body = (
        f"Workshop {workshop.number} of “{group.title}” has moved.\n\nWas: {old}\n"
        f"Now: {workshop.date:%A %-d %B %Y}, {workshop.starts:%H:%M}–{workshop.ends:%H:%M}, {workshop.where}\n\n"
        f"{COVER_REMINDER}\nThe attached calendar file updates the workshop in your calendar.\n"
    )
    sent = 0
    for email in emails:  # one message each: participants of other schools do not see each other's addresses
        message = EmailMessage(f"Date changed: {group.title}, workshop {workshop.number}", body, None, [email])
        message.attach("workshops.ics", work_group_calendar(group), "text/calendar")
        sent += message.send()
    return sent

"""Writes for Work Groups: bookings (a small state machine), attendance, workshop dates, gap
tasks and submissions, the discussion, department plans and outcome ratings.

Each service checks who may do it (access.py) and raises ValidationError with a message a
person can act on; nothing is written when it does. Emails leave on commit, through tasks.py,
so a rolled-back booking sends nothing.

A booking's status changes only in `booking_transition` (STYLE §8: one transition function and
its table). The confirmation email is claimed by a conditional update of
`confirmation_sent_at`, so a redelivered task sends nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pdsite.departments.models import Membership
from pdsite.lessons.access import live_shares

from . import access, ics
from .audiences import KIND as AUDIENCE_KIND
from .eligibility import Fact, Verdict, eligibility
from .models import (
    Attendance,
    Booking,
    DepartmentPlan,
    FocusOption,
    GapSubmission,
    GapTask,
    Participant,
    Post,
    Rating,
    WorkGroup,
    Workshop,
)

User = get_user_model()

TEXT_MAX = 5000
TRANSITIONS: dict[str, frozenset[str]] = {
    Booking.Status.AWAITING_ENDORSEMENT: frozenset({Booking.Status.CONFIRMED, Booking.Status.CANCELLED}),
    Booking.Status.CONFIRMED: frozenset({Booking.Status.CANCELLED}),
    Booking.Status.CANCELLED: frozenset(),
}
COVER_REMINDER = (
    "Please put these dates in your diary now and submit your cover request in school for every workshop."
)


def _text(value: str, field: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"Write {what}."})
    if len(value) > TEXT_MAX:
        raise ValidationError({field: f"Keep it under {TEXT_MAX} characters (this has {len(value)})."})
    return value


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
            from .tasks import booking_confirmation_task

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


def booking_cancel(*, booking: Booking, by) -> Booking:
    if not (access.is_school_lead(by, booking) or access.can_facilitate(by, booking.work_group)):
        raise ValidationError("Only the school's subject leader or a facilitator cancels a booking.")
    return booking_transition(booking=booking, to=Booking.Status.CANCELLED, by=by)


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
    from .tasks import workshop_changed_task

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


@transaction.atomic
def attendance_record(*, workshop: Workshop, by, present: Iterable[int]) -> int:
    """Record who came to `workshop` (ids of participants present; every other live participant
    is recorded absent). A facilitator only. Returns the number present."""
    if not access.can_facilitate(by, workshop.work_group):
        raise ValidationError("Only the Work Group's facilitators record attendance.")
    present = {int(p) for p in present}
    participants = list(access.live_participants(workshop.work_group))
    known = {p.pk for p in participants}
    if present - known:
        raise ValidationError("Someone ticked is not a participant of this Work Group.")
    for participant in participants:
        Attendance.objects.update_or_create(
            workshop=workshop, participant=participant,
            defaults={"attended": participant.pk in present, "recorded_by": by},
        )
    return len(present)


# --- Between workshops --------------------------------------------------------------------------


@transaction.atomic
def gap_task_create(*, work_group: WorkGroup, by, title: str, instructions: str, before_workshop: Workshop) -> GapTask:
    if not access.can_facilitate(by, work_group):
        raise ValidationError("Only the Work Group's facilitators set gap tasks.")
    if before_workshop.work_group_id != work_group.pk:
        raise ValidationError({"before_workshop": "Choose one of this Work Group's workshops."})
    return GapTask.objects.create(
        work_group=work_group, set_by=by, title=_text(title, "title", "a title")[:200],
        instructions=_text(instructions, "instructions", "what participants should do"), before_workshop=before_workshop,
    )


def shares_for_submission(user, work_group: WorkGroup):
    """The live shares of `user`'s own recordings with this Work Group (what a submission may point to)."""
    return live_shares().filter(
        recording__owner=user, audience_kind=AUDIENCE_KIND, audience_id=work_group.pk
    ).select_related("recording")


@transaction.atomic
def gap_submission_save(*, task: GapTask, user, note: str = "", file=None, share_id=None) -> GapSubmission:
    """`user`'s submission to `task` (made or replaced): a note, a file, and/or one of their
    lesson recordings' live shares with the group. A participant only."""
    participant = access.participant_for(user, task.work_group)
    if participant is None:
        raise ValidationError("Only the Work Group's participants submit gap tasks.")
    note = _text(note, "note", "", required=False)
    share = None
    if share_id not in (None, ""):
        share = shares_for_submission(user, task.work_group).filter(pk=share_id).first()
        if share is None:
            raise ValidationError({"share": "Choose one of your lesson recordings shared with this Work Group."})
    existing = GapSubmission.objects.filter(task=task, participant=participant).first()
    if not (note or file or share or (existing and existing.file)):
        raise ValidationError({"note": "Write a note, attach a file or choose a shared lesson clip."})
    submission = existing or GapSubmission(task=task, participant=participant)
    submission.note, submission.share = note, share
    if file:
        submission.file = file
    submission.save()
    return submission


@transaction.atomic
def post_create(*, work_group: WorkGroup, author, body: str) -> Post:
    if not access.can_view_space(author, work_group):
        raise ValidationError("Only the Work Group's members and facilitators post here.")
    return Post.objects.create(work_group=work_group, author=author, body=_text(body, "body", "a message"))


@transaction.atomic
def plan_save(*, booking: Booking, by, before_workshop: Workshop, actions: str) -> DepartmentPlan:
    """The school's “back in the department” plan before `before_workshop` (made or replaced)."""
    if not access.can_write_plan(by, booking):
        raise ValidationError("Only the school's own participants and subject leader write its plan.")
    if before_workshop.work_group_id != booking.work_group_id:
        raise ValidationError({"before_workshop": "Choose one of this Work Group's workshops."})
    plan, _ = DepartmentPlan.objects.update_or_create(
        booking=booking, before_workshop=before_workshop,
        defaults={"actions": _text(actions, "actions", "what the department will do"), "updated_by": by},
    )
    return plan


@transaction.atomic
def plan_to_department_workshop(*, plan: DepartmentPlan, by, starts_at: datetime.datetime) -> "DepartmentWorkshop":
    """Turn a school's plan into a departmental workshop of its own department (every member
    invited, the plan as its pre-task), led by `by`: a manager of that department only. The
    group's facilitators never reach the department's workshop (it is the school's)."""
    from pdsite.departments.models import Workshop as DepartmentWorkshop
    from pdsite.departments.permissions import can_manage_department
    from pdsite.departments.services.workshops import WorkshopData, workshop_create

    department = plan.booking.department
    if not can_manage_department(by, department):
        raise ValidationError("Only the department's head or PD lead turns the plan into a department workshop.")
    if plan.department_workshop_id is not None:
        raise ValidationError("This plan is already a department workshop.")
    members = [m.user for m in Membership.objects.filter(department=department).select_related("user")]
    workshop = workshop_create(
        department=department, created_by=by,
        data=WorkshopData(
            title=f"Back in the department: before workshop {plan.before_workshop.number} of {plan.booking.work_group.title}"[:200],
            kind=DepartmentWorkshop.Kind.DEPARTMENTAL, starts_at=starts_at, pre_task=plan.actions, facilitator=by,
            attendees=[u for u in members if u.pk != by.pk],
        ),
    )
    plan.department_workshop = workshop
    plan.save(update_fields=["department_workshop"])
    return workshop


@transaction.atomic
def participant_set_focus(*, participant: Participant, by, focus: FocusOption | None) -> Participant:
    """Choose (or change) a participant's focus: the person, their school's lead, a facilitator."""
    if not access.can_see_needs(by, participant):
        raise ValidationError("Only the participant, their subject leader or a facilitator chooses their focus.")
    if focus is not None and focus.work_group_id != participant.work_group_id:
        raise ValidationError({"focus": "Choose one of this Work Group's foci."})
    participant.focus = focus
    participant.save(update_fields=["focus"])
    return participant


@transaction.atomic
def ratings_save(*, work_group: WorkGroup, user, stage: str, answers: dict[int, tuple[int, str]]) -> int:
    """`user`'s self-ratings at `stage` ("start" or "end"): statement id → (score 1–4, evidence).
    Statements left out keep what they had. Returns the number saved."""
    participant = access.participant_for(user, work_group)
    if participant is None:
        raise ValidationError("Only the Work Group's participants rate themselves.")
    if stage not in Rating.Stage.values:
        raise ValidationError({"stage": "Choose the start or the end of the year."})
    statements = {s.pk: s for s in work_group.outcomes.all()}
    saved = 0
    for statement_id, (score, evidence) in answers.items():
        if statement_id not in statements:
            raise ValidationError("A statement that is not this Work Group's was rated.")
        if score not in (1, 2, 3, 4):
            raise ValidationError({f"score_{statement_id}": "Choose a rating from 1 to 4."})
        try:
            with transaction.atomic():
                Rating.objects.update_or_create(
                    statement_id=statement_id, participant=participant, stage=stage,
                    defaults={"score": score, "evidence": _text(evidence, "evidence", "", required=False)},
                )
        except IntegrityError:  # a second submit racing the first: the later one wins
            Rating.objects.filter(statement_id=statement_id, participant=participant, stage=stage).update(
                score=score, evidence=evidence
            )
        saved += 1
    return saved

"""Booking places: who may, eligibility, deadline, capacity, the endorsement step, the
confirmation email with its calendar file, and a workshop's date change."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from pdsite.workgroups import services
from pdsite.workgroups.models import Booking, ParticipationRecord, WorkGroup
from tests.factories.workgroups import book, work_group_for
from tests.workgroups.test_ics import parse


def test_a_head_of_department_books_a_pair_with_one_lead_and_a_focus_each(wg):
    booking = book(wg.group, wg.north, wg.nhod, [wg.nann, wg.nben], foci=(wg.a, None))
    assert booking.status == Booking.Status.AWAITING_ENDORSEMENT
    ann, ben = booking.participants.get(user=wg.nann), booking.participants.get(user=wg.nben)
    assert ann.is_lead and not ben.is_lead and ann.focus == wg.a and ben.focus is None
    assert ann.dietary_needs == "Vegetarian"
    assert mail.outbox == []  # nothing is sent before the endorsement


@pytest.mark.parametrize(
    ("who", "people", "message"),
    [
        ("nann", ["nann"], "Only the department's head or PD lead"),
        ("nhod", [], "at least one participant"),
        ("nhod", ["nann", "nben", "ncat"], "at most 2 places"),
        ("nhod", ["ssue"], "must be members of Maths at Northfield Academy"),
    ],
)
def test_a_wrong_booking_is_refused_and_writes_nothing(wg, who, people, message):
    users = [getattr(wg, p) for p in people]
    with pytest.raises(ValidationError, match=message):
        services.booking_create(
            work_group=wg.group, department=wg.north, by=getattr(wg, who),
            places=[services.Place(user=u, is_lead=i == 0) for i, u in enumerate(users)],
        )
    assert not Booking.objects.exists()


def test_two_leads_or_none_are_refused(wg):
    with pytest.raises(ValidationError, match="one lead participant"):
        services.booking_create(work_group=wg.group, department=wg.north, by=wg.nhod,
                                places=[services.Place(user=wg.nann), services.Place(user=wg.nben)])


def test_booking_after_the_deadline_is_refused(wg):
    late = wg.group.booking_deadline + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Booking closed on"):
        services.booking_create(work_group=wg.group, department=wg.north, by=wg.nhod,
                                places=[services.Place(user=wg.nann, is_lead=True)], today=late)


def test_capacity_is_enforced_across_schools(wg):
    WorkGroup.objects.filter(pk=wg.group.pk).update(capacity=3)
    book(wg.group, wg.north, wg.nhod, [wg.nann, wg.nben])
    with pytest.raises(ValidationError, match="Only 1 place left"):
        book(wg.group, wg.south, wg.shod, [wg.ssue, wg.stim])
    assert Booking.objects.count() == 1
    book(wg.group, wg.south, wg.shod, [wg.ssue])
    wg.group.refresh_from_db()
    assert services.places_left(wg.group) == 0


def test_a_person_holds_one_place_and_a_department_one_booking(wg):
    book(wg.group, wg.north, wg.nhod, [wg.nann])
    with pytest.raises(ValidationError, match="already booked"):
        book(wg.group, wg.north, wg.nhod, [wg.nben])
    with pytest.raises(ValidationError, match="Already in this Work Group: Ann Nson"):
        book(wg.group, wg.north, wg.nhod, [wg.nann])


def test_a_school_not_yet_eligible_is_pointed_to_the_developing_group(wg):
    developing = work_group_for(title="Developing Mastery Work Group", phase="developing")
    WorkGroup.objects.filter(pk=wg.group.pk).update(eligibility=WorkGroup.Eligibility.TFM_HISTORY, join_first=developing)
    wg.group.refresh_from_db()
    with pytest.raises(ValidationError, match="can join “Developing Mastery Work Group.*” first"):
        book(wg.group, wg.north, wg.nhod, [wg.nann])
    ParticipationRecord.objects.create(school=wg.north.school, kind="specialist", cohort=5)
    assert book(wg.group, wg.north, wg.nhod, [wg.nann]).pk


def test_endorsing_confirms_and_emails_every_workshop_as_a_calendar_file_with_the_cover_reminder(
    wg, django_capture_on_commit_callbacks
):
    booking = book(wg.group, wg.north, wg.nhod, [wg.nann, wg.nben], foci=(wg.a, wg.b))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_endorse(booking=booking, by=wg.nhod, endorser_name="Mrs J Patel", endorser_role="headteacher")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and booking.endorsed_by_name == "Mrs J Patel"
    assert booking.endorsement_recorded_by == wg.nhod and booking.confirmation_sent_at
    (message,) = mail.outbox
    assert set(message.to) == {wg.nann.email, wg.nben.email, wg.nhod.email}
    assert "submit your cover request" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("workshops.ics", "text/calendar")
    events = parse(content)
    assert len(events) == 3 and all(e["DTSTART;TZID=Europe/London"].endswith("T093000") for e in events)
    assert services.booking_confirmation_send(booking_id=booking.pk) is False  # a redelivered task sends nothing
    assert len(mail.outbox) == 1


def test_only_the_school_lead_endorses_and_only_once(wg):
    booking = book(wg.group, wg.north, wg.nhod, [wg.nann])
    with pytest.raises(ValidationError, match="Only the school's subject leader"):
        services.booking_endorse(booking=booking, by=wg.nann, endorser_name="X", endorser_role="headteacher")
    with pytest.raises(ValidationError, match="name of the person"):
        services.booking_endorse(booking=booking, by=wg.nhod, endorser_name=" ", endorser_role="headteacher")
    services.booking_endorse(booking=booking, by=wg.nhod, endorser_name="Mr Lee", endorser_role="head_of_department")
    with pytest.raises(ValidationError, match="cannot become"):
        services.booking_endorse(booking=booking, by=wg.nhod, endorser_name="Mr Lee", endorser_role="headteacher")


def test_changing_a_workshop_date_emails_every_booked_participant_on_commit(wg, django_capture_on_commit_callbacks):
    book(wg.group, wg.north, wg.nhod, [wg.nann, wg.nben])
    book(wg.group, wg.south, wg.shod, [wg.ssue])
    workshop = wg.workshops[1]
    new_day = workshop.date + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_reschedule(workshop=workshop, by=wg.fac, date=new_day, starts=workshop.starts,
                                     ends=workshop.ends)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([wg.nann.email, wg.nben.email, wg.ssue.email])
    assert f"Now: {new_day:%A %-d %B %Y}" in mail.outbox[0].body
    event = parse(mail.outbox[0].attachments[0][1])[1]
    assert event["SEQUENCE"] == "1" and event["DTSTART;TZID=Europe/London"].startswith(f"{new_day:%Y%m%d}")


def test_only_a_facilitator_moves_a_workshop(wg):
    workshop = wg.workshops[0]
    with pytest.raises(ValidationError, match="Only the Work Group's facilitators"):
        services.workshop_reschedule(workshop=workshop, by=wg.nhod, date=workshop.date, starts=workshop.starts,
                                     ends=workshop.ends)

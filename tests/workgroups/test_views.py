"""The Work Group pages through the test client: booking and endorsing, the roster and
attendance, a gap task and a submission with a shared clip, plans, discussion, ratings, the
report and its CSV; and the refusals (another school's teacher, a participant at the
facilitators' pages, forged input)."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from pdsite.workgroups.models import Booking, GapSubmission, Rating
from tests.factories.cycles import recording_for
from tests.factories.workgroups import book
from tests.support.recordings import make_share
from tests.workgroups.test_ics import parse


def url(name, *args):
    return reverse(f"workgroups:{name}", args=args)


@pytest.fixture
def booked(wg):
    wg.nbook = book(wg.group, wg.north, wg.nhod, [wg.nann, wg.nben], foci=(wg.a, wg.b), endorse=True)
    return wg


def test_a_head_of_department_books_a_pair_and_endorses_by_the_pages(wg, client, django_capture_on_commit_callbacks):
    client.force_login(wg.nhod)
    page = client.get(url("detail", wg.group.pk))
    assert b"Book places" in page.content and b"Focus A: Developing mathematical thinking" in page.content
    form = client.get(url("book", wg.group.pk))
    assert form.status_code == 200 and b"Decide at the first workshop" in form.content
    answer = client.post(url("book", wg.group.pk), {
        "department": wg.north.slug, "participant_1": wg.nann.pk, "focus_1": wg.a.pk, "dietary_1": "Vegan",
        "participant_2": wg.nben.pk, "focus_2": wg.b.pk, "access_2": "Step-free access", "lead": "1",
    })
    booking = Booking.objects.get()
    assert answer.status_code == 302 and answer["Location"] == url("booking", booking.pk)
    assert booking.participants.get(user=wg.nann).dietary_needs == "Vegan"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url("endorse", booking.pk), {
            "endorser_name": "Mrs J Patel", "endorser_role": "headteacher", "confirm": "on"})
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and len(mail.outbox) == 1
    shown = client.get(url("booking", booking.pk))
    assert b"Confirmed" in shown.content and b"Step-free access" in shown.content


def test_a_wrong_booking_comes_back_with_the_reason_and_books_nothing(wg, client):
    client.force_login(wg.nhod)
    answer = client.post(url("book", wg.group.pk), {"department": wg.north.slug, "participant_1": wg.nann.pk,
                                                    "participant_2": wg.nann.pk, "lead": "1"})
    assert answer.status_code == 400 and "Choose two different people." in answer.content.decode()
    forged = client.post(url("book", wg.group.pk), {"department": wg.north.slug, "participant_1": wg.ssue.pk,
                                                    "lead": "1"})
    assert forged.status_code == 400 and not Booking.objects.exists()


def test_a_teacher_cannot_book_and_endorsement_needs_the_confirmation(booked, client):
    client.force_login(booked.ncat)
    assert client.get(url("book", booked.group.pk)).status_code == 403
    client.force_login(booked.nhod)
    pending = book(booked.group, booked.south, booked.shod, [booked.ssue])
    assert client.post(url("endorse", pending.pk), {"endorser_name": "X", "endorser_role": "headteacher"}).status_code == 404
    client.force_login(booked.shod)
    refused = client.post(url("endorse", pending.pk), {"endorser_name": "X", "endorser_role": "headteacher"})
    assert refused.status_code == 400
    pending.refresh_from_db()
    assert pending.status == Booking.Status.AWAITING_ENDORSEMENT


def test_a_member_sees_the_group_and_downloads_the_calendar(booked, client):
    client.force_login(booked.nben)
    page = client.get(url("detail", booked.group.pk)).content.decode()
    assert "Ann Nson · Northfield Academy (lead)" in page and "Focus B" in page
    ics = client.get(url("calendar", booked.group.pk))
    assert ics["Content-Type"].startswith("text/calendar") and len(parse(ics.content.decode())) == 3


def test_a_teacher_of_another_school_sees_nothing_of_the_space(booked, client):
    client.force_login(booked.wteacher)
    page = client.get(url("detail", booked.group.pk)).content.decode()
    assert "Ann Nson" not in page and "Gap tasks" not in page
    task = booked.group.gap_tasks.create(title="T", instructions="I", before_workshop=booked.workshops[1])
    for name, arg in [("calendar", booked.group.pk), ("roster", booked.group.pk), ("report", booked.group.pk),
                      ("report_csv", booked.group.pk), ("outcomes", booked.group.pk), ("booking", booked.nbook.pk),
                      ("task", task.pk), ("attendance", booked.workshops[0].pk)]:
        assert client.get(url(name, arg)).status_code == 404, name
    assert client.post(url("post", booked.group.pk), {"body": "hello"}).status_code == 404
    assert not booked.group.posts.exists()


def test_the_facilitator_sees_the_roster_by_focus_records_attendance_and_sets_a_gap_task(booked, client):
    client.force_login(booked.fac)
    roster = client.get(url("roster", booked.group.pk)).content.decode()
    assert "Focus A: Developing mathematical thinking (1)" in roster and "Vegetarian" in roster
    ann = booked.nbook.participants.get(user=booked.nann)
    first = booked.workshops[0]
    assert client.post(url("attendance", first.pk), {"present": [ann.pk]}).status_code == 302
    assert dict(first.attendance.values_list("participant__user__username", "attended")) == {"nann": True, "nben": False}
    answer = client.post(url("task_create", booked.group.pk), {
        "title": "Try a Focus A task", "instructions": "Teach it and bring pupils' work.",
        "before_workshop": booked.workshops[1].pk})
    assert answer.status_code == 302 and booked.group.gap_tasks.get().title == "Try a Focus A task"


def test_a_participant_is_refused_the_facilitators_pages(booked, client):
    client.force_login(booked.nann)
    for name, arg in [("roster", booked.group.pk), ("report", booked.group.pk), ("task_create", booked.group.pk),
                      ("attendance", booked.workshops[0].pk)]:
        assert client.get(url(name, arg)).status_code == 403, name


def test_a_participant_submits_a_shared_clip_and_the_facilitator_reads_it(booked, client):
    task = booked.group.gap_tasks.create(title="Share a clip", instructions="A clip of pupils reasoning.",
                                         before_workshop=booked.workshops[1])
    recording = recording_for(booked.nann, booked.north, title="Y9 reasoning lesson")
    share = make_share(recording, kind="workgroup", to=booked.group, start=30.0, end=90.0)
    other = make_share(recording_for(booked.nben, booked.north, title="Ben's"), kind="workgroup", to=booked.group)
    client.force_login(booked.nann)
    assert b"Y9 reasoning lesson" in client.get(url("task", task.pk)).content
    assert client.post(url("task", task.pk), {"note": "", "share": other.pk}).status_code == 400  # not hers
    assert client.post(url("task", task.pk), {"note": ""}).status_code == 400
    assert client.post(url("task", task.pk), {"note": "Pupils compared methods.", "share": share.pk}).status_code == 302
    submission = GapSubmission.objects.get()
    assert submission.share == share and submission.participant.user == booked.nann
    client.force_login(booked.fac)
    assert "Lesson clip: Y9 reasoning lesson (30s–90s)" in client.get(url("task", task.pk)).content.decode()
    client.force_login(booked.nben)
    assert "Pupils compared methods." not in client.get(url("task", task.pk)).content.decode()


def test_discussion_plans_and_ratings_feed_the_report_and_its_csv(booked, client):
    client.force_login(booked.nann)
    client.post(url("post", booked.group.pk), {"body": "Our Y8 tried the sequencing task."})
    prefix = f"plan{booked.nbook.pk}"
    client.post(url("plan", booked.nbook.pk), {f"{prefix}-before_workshop": booked.workshops[1].pk,
                                               f"{prefix}-actions": "Department workshop on coherence."})
    statements = list(booked.group.outcomes.all())
    for stage, score in (("start", 1), ("end", 3)):
        data = {"stage": stage, **{f"score_{s.pk}": score for s in statements}, f"evidence_{statements[0].pk}": "Book look"}
        assert client.post(url("outcomes", booked.group.pk), data).status_code == 302
    assert Rating.objects.filter(participant__user=booked.nann).count() == 8
    page = client.get(url("detail", booked.group.pk)).content.decode()
    assert "Our Y8 tried the sequencing task." in page and "Department workshop on coherence." in page
    client.force_login(booked.fac)
    report = client.get(url("report", booked.group.pk)).content.decode()
    assert "Level 5: student learning outcomes" in report and "+2.0" in report
    rows = list(csv.reader(io.StringIO(client.get(url("report_csv", booked.group.pk)).content.decode())))
    change = [r for r in rows if r[:2] == ["outcomes: Student outcomes", "change (start→end)"]]
    assert change == [["outcomes: Student outcomes", "change (start→end)", "2.0", "1", "Level 5: student learning outcomes"]]
    assert ["department plans", "schools with a plan", "1", "1", "Level 3: organisational support and change"] in rows
    assert any(r[:2] == ["Ann Nson", "Northfield Academy"] for r in rows)


def test_a_participant_who_was_deciding_chooses_a_focus_and_others_cannot_choose_it(wg, client):
    booking = book(wg.group, wg.north, wg.nhod, [wg.nann, wg.nben])
    ben = booking.participants.get(user=wg.nben)
    client.force_login(wg.nann)
    assert client.post(url("focus", ben.pk), {"focus": wg.a.pk}).status_code == 403
    client.force_login(wg.nben)
    assert client.post(url("focus", ben.pk), {"focus": wg.b.pk}).status_code == 302
    ben.refresh_from_db()
    assert ben.focus == wg.b
    client.force_login(wg.wteacher)
    assert client.post(url("focus", ben.pk), {"focus": wg.a.pk}).status_code == 404


def test_a_plan_becomes_a_department_workshop_for_the_whole_department(booked, client):
    from pdsite.workgroups.services import plan_save

    plan = plan_save(booking=booked.nbook, by=booked.nann, before_workshop=booked.workshops[1],
                     actions="Department workshop on the sequencing task.")
    client.force_login(booked.nann)
    assert client.post(url("plan_workshop", plan.pk), {"starts_at": "2027-01-12T15:30"}).status_code == 403
    client.force_login(booked.fac)
    assert client.post(url("plan_workshop", plan.pk), {"starts_at": "2027-01-12T15:30"}).status_code == 403
    client.force_login(booked.nhod)
    answer = client.post(url("plan_workshop", plan.pk), {"starts_at": "2027-01-12T15:30"})
    plan.refresh_from_db()
    workshop = plan.department_workshop
    assert answer.status_code == 302 and workshop.department == booked.north
    assert workshop.pre_task == "Department workshop on the sequencing task."
    assert {a.user.username for a in workshop.attendee_rows.select_related("user")} == {"nann", "nben", "ncat"}
    again = client.post(url("plan_workshop", plan.pk), {"starts_at": "2027-01-12T15:30"}, follow=True)
    assert "already a department workshop" in again.content.decode()


def test_a_gap_task_title_that_looks_like_a_formula_is_not_one_in_the_csv(booked, client):
    booked.group.gap_tasks.create(title="=HYPERLINK(\"http://x\")", instructions="I", before_workshop=booked.workshops[1])
    client.force_login(booked.fac)
    rows = list(csv.reader(io.StringIO(client.get(url("report_csv", booked.group.pk)).content.decode())))
    assert ["gap task completion", "'=HYPERLINK(\"http://x\")", "0", "2", "Level 4: use of new knowledge and skills"] in rows


def test_the_report_names_a_lead_who_missed_a_workshop(booked, client):
    from pdsite.workgroups.services import attendance_record

    ben = booked.nbook.participants.get(user=booked.nben)
    attendance_record(workshop=booked.workshops[0], by=booked.fac, present=[ben.pk])
    client.force_login(booked.fac)
    page = client.get(url("report", booked.group.pk)).content.decode()
    assert "Ann Nson (Northfield Academy): workshop 1" in page


def test_hub_staff_run_every_group_of_their_hub(booked, client):
    from tests.factories.users import UserFactory

    staff = UserFactory(username="hubstaff")
    booked.group.hub.staff.add(staff)
    client.force_login(staff)
    assert client.get(url("roster", booked.group.pk)).status_code == 200
    assert client.get(url("report", booked.group.pk)).status_code == 200


def test_the_report_runs_the_same_queries_however_many_schools_book(booked, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pdsite.workgroups import selectors

    with CaptureQueriesContext(connection) as one_school:
        selectors.report_csv(selectors.report(group=booked.group))
    book(booked.group, booked.south, booked.shod, [booked.ssue, booked.stim], endorse=True)
    with django_assert_num_queries(len(one_school)):
        selectors.report_csv(selectors.report(group=booked.group))


def test_the_subject_leader_cancels_a_booking_its_places_free_and_its_people_are_told(
    booked, client, django_capture_on_commit_callbacks
):
    booking, group = booked.nbook, booked.group
    client.force_login(booked.nhod)
    assert b"Cancel this booking" in client.get(url("booking", booking.pk)).content
    page = client.get(url("cancel", booking.pk))
    assert page.status_code == 200 and str(booking.participants.get(user=booked.nann)).encode() in page.content

    unconfirmed = client.post(url("cancel", booking.pk), {})
    assert unconfirmed.status_code == 400 and b"There is a problem" in unconfirmed.content
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url("cancel", booking.pk), {"confirm": "on"})
    assert done.status_code == 302 and done["Location"] == url("booking", booking.pk)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert not booking.participants.filter(cancelled=False).exists()
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted({booked.nann.email, booked.nben.email, booked.nhod.email})
    assert all(message.subject == f"Cancelled: {group.title}" for message in mail.outbox)

    client.force_login(booked.nann)  # a participant's place is gone with the booking
    assert client.get(url("roster", group.pk)).status_code == 404
    client.force_login(booked.nhod)
    again = client.get(url("cancel", booking.pk))
    assert b"already cancelled" in again.content and b"Cancel the booking" not in again.content


def test_a_participant_cannot_cancel_the_booking(booked, client):
    client.force_login(booked.nann)
    assert b"Cancel this booking" not in client.get(url("booking", booked.nbook.pk)).content
    assert client.post(url("cancel", booked.nbook.pk), {"confirm": "on"}).status_code == 403
    booked.nbook.refresh_from_db()
    assert booked.nbook.status == Booking.Status.CONFIRMED


def test_a_subject_leader_community_books_the_head_of_department_not_a_teacher(wg, client):
    from pdsite.workgroups.models import WorkGroup

    wg.group.members, wg.group.places_per_school = WorkGroup.Members.SUBJECT_LEADERS, 1
    wg.group.save(update_fields=["members", "places_per_school"])
    client.force_login(wg.nhod)
    listing = client.get(url("index")).content.decode()
    assert listing.index("Subject leader communities") < listing.index(wg.group.title)
    form = client.get(url("book", wg.group.pk)).content.decode()
    assert str(wg.nhod.get_full_name() or wg.nhod) in form and str(wg.nann.get_full_name() or wg.nann) not in form
    refused = client.post(url("book", wg.group.pk), {"department": wg.north.slug, "participant_1": wg.nann.pk, "lead": "1"})
    assert refused.status_code == 400 and not Booking.objects.exists()
    booked = client.post(url("book", wg.group.pk), {"department": wg.north.slug, "participant_1": wg.nhod.pk, "lead": "1"})
    assert booked.status_code == 302 and Booking.objects.get().participants.get().user == wg.nhod


def test_a_community_booking_of_a_teacher_is_refused_by_the_service(wg):
    from django.core.exceptions import ValidationError

    from pdsite.workgroups import services
    from pdsite.workgroups.models import WorkGroup

    wg.group.members, wg.group.places_per_school = WorkGroup.Members.SUBJECT_LEADERS, 1
    wg.group.save(update_fields=["members", "places_per_school"])
    with pytest.raises(ValidationError, match="subject leader community"):
        services.booking_create(work_group=wg.group, department=wg.north, by=wg.nhod,
                                places=[services.Place(user=wg.nann, is_lead=True)])
    assert not Booking.objects.exists()

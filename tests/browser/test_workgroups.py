"""The Work Groups journey in Chromium (workgroups.mjs): a subject leader books a pair and
endorses, the facilitator runs workshop 1, sets a gap task and moves workshop 3, a participant submits a shared
clip and rates herself, the report shows the change per heading, a stranger sees nothing."""

import datetime

import pytest
from django.core import mail

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_work_group_from_booking_to_report(browser_ready, live_server):
    from pdsite.departments.models import Role
    from pdsite.workgroups.models import Attendance, Booking, GapSubmission
    from tests.factories.cycles import recording_for
    from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
    from tests.factories.users import UserFactory
    from tests.factories.workgroups import book, work_group_for
    from tests.support.recordings import make_share

    north = DepartmentFactory(school=SchoolFactory(name="Northfield Academy", slug="northfield"), slug="northfield-maths")
    south = DepartmentFactory(school=SchoolFactory(name="Southgate School", slug="southgate"), slug="southgate-maths")
    west = DepartmentFactory(school=SchoolFactory(name="Westbrook High", slug="westbrook"), slug="westbrook-maths")
    people = {}
    for username, first, last, dept, role in [
        ("hod", "Hannah", "Okafor", north, Role.HEAD), ("ann", "Ann", "Adams", north, Role.TEACHER),
        ("ben", "Ben", "Brown", north, Role.TEACHER), ("shod", "Sara", "Singh", south, Role.HEAD),
        ("sue", "Sue", "Sharp", south, Role.TEACHER), ("wes", "Wes", "West", west, Role.TEACHER),
    ]:
        people[username] = UserFactory(username=username, first_name=first, last_name=last)
        MembershipFactory(department=dept, user=people[username], role=role)
    fac = UserFactory(username="natalie", first_name="Natalie", last_name="Burton")
    group = work_group_for(fac, title="Sustaining Teaching for Mastery – Curriculum Coherence / Mathematical Thinking")
    book(group, south, people["shod"], [people["sue"]], endorse=True)
    recording = recording_for(people["ann"], north, title="Y9 reasoning lesson")
    make_share(recording, kind="workgroup", to=group, start=30.0, end=90.0)
    mail.outbox.clear()
    third = group.workshops.get(number=3)
    new_date = third.date + datetime.timedelta(days=7)

    result = run_node("workgroups.mjs", {
        "BASE_URL": live_server.url, "PASSWORD": PASSWORD,
        "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "workgroups"),
        "GROUP_TITLE": group.title, "GROUP_ID": str(group.pk),
        "HOD_USERNAME": "hod", "ANN_USERNAME": "ann", "FAC_USERNAME": "natalie", "STRANGER_USERNAME": "wes",
        "NEW_DATE": new_date.isoformat(), "ANN_NAME": "Ann Adams", "BEN_NAME": "Ben Brown", "CLIP_LABEL": "Y9 reasoning lesson (30s–90s)",
    })
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "workgroups: ok" in result.stdout

    booking = Booking.objects.get(department=north)
    # Endorsed, then cancelled by the subject leader at the end of the journey.
    assert booking.status == Booking.Status.CANCELLED and booking.endorsed_by_name == "Mrs J Patel"
    ann = booking.participants.get(user=people["ann"])
    assert ann.is_lead and ann.focus.code == "A" and ann.dietary_needs == "Vegetarian"
    assert booking.participants.get(user=people["ben"]).focus.code == "B"
    assert Attendance.objects.filter(workshop__number=1, attended=True).count() == 2
    assert GapSubmission.objects.get().share.recording == recording
    confirmation = next(m for m in mail.outbox if m.subject.startswith("Booked:") and "ann@school.example" in m.to)
    assert confirmation.attachments[0][0] == "workshops.ics" and "cover request" in confirmation.body
    third.refresh_from_db()
    moved = {m.to[0] for m in mail.outbox if m.subject.startswith("Date changed:")}
    assert third.date == new_date and moved == {"ann@school.example", "ben@school.example", "sue@school.example"}
    cancelled = {m.to[0] for m in mail.outbox if m.subject.startswith("Cancelled:")}
    assert cancelled == {"ann@school.example", "ben@school.example", people["hod"].email}

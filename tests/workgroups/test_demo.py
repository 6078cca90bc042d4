"""The Work Groups demo seed: the hub, four groups (one a subject leader community), the Sustaining TfM group's workshops in the
current academic year, four booked schools with pairs split across foci, a gap task with
submissions, ratings; a second run makes nothing."""

import datetime

from pdsite.departments import demo as departments_demo
from pdsite.workgroups import demo, selectors
from pdsite.workgroups.models import Booking, GapSubmission, Participant, Rating, WorkGroup


def test_the_demo_seeds_the_sustaining_group_with_four_schools(db):
    departments_demo.seed()
    today = datetime.date(2026, 12, 4)
    group = demo.seed(today=today)
    assert WorkGroup.objects.count() == 4
    assert group.title.startswith("Sustaining Teaching for Mastery") and group.join_first.phase == "developing"
    dates = [w.date for w in group.workshops.all()]
    assert dates == [datetime.date(2026, 11, 16), datetime.date(2027, 3, 8), datetime.date(2027, 6, 14)]
    assert all(d.weekday() == 0 for d in dates)
    assert group.facilitators.count() == 2 and group.foci.count() == 2
    bookings = Booking.objects.filter(work_group=group, status=Booking.Status.CONFIRMED)
    assert sorted(b.department.school.name for b in bookings)[2] == "Northfield Academy" and bookings.count() == 4
    north = Participant.objects.get(work_group=group, user__username="teacher")
    assert north.focus.code == "A" and Participant.objects.get(work_group=group, user__username="hod").is_lead
    assert GapSubmission.objects.filter(task__work_group=group).count() == 3
    assert Rating.objects.filter(participant__work_group=group).exists()
    report = selectors.report(group=group)
    assert report.participants == 8 and report.attendance[0][1] == 7
    assert all(h.change is not None and h.change > 0 for h in report.headings)
    leaders = WorkGroup.objects.get(members=WorkGroup.Members.SUBJECT_LEADERS)
    assert leaders.places_per_school == 1 and leaders.workshops.count() == 3
    assert sorted(p.user.username for p in Participant.objects.filter(work_group=leaders)) == ["hod", "hpark-hod"]
    assert demo.seed(today=today) is None and WorkGroup.objects.count() == 4 and Booking.objects.count() == 6

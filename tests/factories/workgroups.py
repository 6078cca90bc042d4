"""Work Groups for the workgroups tests: a hub and a group with two foci, three full-day
workshops and the four headings' statements, made with the models (what hub staff make in the
admin); bookings are made through the real services."""

import datetime

from django.utils import timezone

from pdsite.workgroups.models import Facilitator, FocusOption, Heading, Hub, OutcomeStatement, WorkGroup, Workshop, WorkshopSession


def work_group_for(facilitator=None, *, title="Sustaining Teaching for Mastery", capacity=24, deadline_in_days=30,
                   eligibility=WorkGroup.Eligibility.OPEN, hub=None, **kwargs) -> WorkGroup:
    hub = hub or Hub.objects.get_or_create(slug="shaw", defaults={"name": "SHaW Maths Hub"})[0]
    today = timezone.localdate()
    group = WorkGroup.objects.create(
        hub=hub, title=title, programme_code=kwargs.pop("programme_code", "NCP25-15"),
        phase=kwargs.pop("phase", "sustaining"), description="A year-long professional learning community.",
        who_for="Secondary maths departments.", funding_note="Funded by DfE, free to schools",
        capacity=capacity, booking_deadline=today + datetime.timedelta(days=deadline_in_days),
        eligibility=eligibility, **kwargs,
    )
    if facilitator is not None:
        Facilitator.objects.create(work_group=group, user=facilitator, bio="Assistant Maths Hub Lead (Secondary).")
    a = FocusOption.objects.create(work_group=group, code="A", title="Developing mathematical thinking",
                                   suits="Advocates new to Teaching for Mastery.")
    b = FocusOption.objects.create(work_group=group, code="B", title="Developing curriculum coherence",
                                   suits="Participants refining their schemes of learning.")
    for number, days in enumerate((40, 120, 200), start=1):
        workshop = Workshop.objects.create(
            work_group=group, number=number, date=today + datetime.timedelta(days=days),
            starts=datetime.time(9, 30), ends=datetime.time(15, 15), venue="Shrewsbury",
        )
        WorkshopSession.objects.create(workshop=workshop, starts=datetime.time(9, 30), ends=datetime.time(12, 0),
                                       title="Joint session")
        for focus in (a, b):
            WorkshopSession.objects.create(workshop=workshop, starts=datetime.time(13, 0), ends=datetime.time(15, 15),
                                           title=f"Focus {focus.code}", focus=focus)
    for order, (heading, text) in enumerate([
        (Heading.STUDENT_OUTCOMES, "Students think, reason and discuss their maths."),
        (Heading.POLICIES, "Dedicated time for collaboration and development."),
        (Heading.PRACTICE, "Collaborate to create a coherent curriculum."),
        (Heading.PROFESSIONAL_LEARNING, "Understand the value of collaborative professional development."),
    ]):
        OutcomeStatement.objects.create(work_group=group, heading=heading, order=order, text=text)
    return group


def book(group, department, by, people, *, foci=(None, None), lead=0, endorse=False):
    """Book `people` (users of `department`) through the real service; endorse it if asked."""
    from pdsite.workgroups import services

    places = [
        services.Place(user=user, is_lead=(i == lead), focus=foci[i] if i < len(foci) else None,
                       dietary_needs="Vegetarian" if i == 0 else "")
        for i, user in enumerate(people)
    ]
    booking = services.booking_create(work_group=group, department=department, by=by, places=places)
    if endorse:
        booking = services.booking_endorse(booking=booking, by=by, endorser_name="Ms Head", endorser_role="headteacher")
    return booking

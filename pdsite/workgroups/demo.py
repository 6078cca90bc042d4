"""Seed the Work Groups part of the demo (issue #15) from demo/workgroups.yaml beside this module:
SHaW Maths Hub with the "Sustaining Teaching for Mastery – Curriculum Coherence / Mathematical
Thinking" Work Group (three full-day workshops in the current academic year, morning joint and
afternoon by focus, two facilitators, four schools with pairs split across foci and Northfield
Academy among them, one gap task with submissions, outcome ratings for some participants), the
Secondary TfM collaborative planning/observation group, its subject leader community (NCP25-15:
the same mechanics, one place per school for its head of department) and the Developing Mastery
group that schools not yet eligible are pointed to.

Bookings, endorsements, attendance, the gap task, submissions and ratings go through the real
services (endorsed without the confirmation email: nobody is waiting for it). Idempotent: a
group found by hub and title is left as it is. Runs after the departments seed (Northfield's
department and its `hod` and `teacher` come from there); without them it seeds the groups only.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pdsite.courses.demo.loader import load
from pdsite.departments.models import Department, Membership, Role, School

from . import access, services
from .models import (
    Facilitator,
    FocusOption,
    Hub,
    OutcomeStatement,
    ParticipationRecord,
    Rating,
    WorkGroup,
    Workshop,
    WorkshopSession,
)

DATA = load(
    "workgroups", "workgroups",
    {"hub": dict, "password": str, "email_domain": str, "facilitators": list, "groups": list},
)
HISTORY = {  # the demo schools' Teaching for Mastery history (what makes them eligible)
    "hereford-park": ("work_group", "embedding", None),
    "oswestry-grange": ("specialist", "", 5),
    "ludlow-vale": ("work_group", "sustaining", None),
}
FULL_DAY = (datetime.time(9, 30), datetime.time(15, 15))


def academic_day(month: int, day: int, *, today: datetime.date) -> datetime.date:
    """`day` of `month` in the academic year (September–August) that `today` is in, moved back
    to the Monday of its week (workshops are on Mondays)."""
    start_year = today.year if today.month >= 9 else today.year - 1
    found = datetime.date(start_year if month >= 9 else start_year + 1, month, day)
    return found - datetime.timedelta(days=found.weekday())


def _user(username: str, first: str | None = None, last: str | None = None):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username, first_name=first or "", last_name=last or "",
            email=f"{username}@{DATA['email_domain']}",
        )
        user.set_password(DATA["password"])
        user.save()
    return user


def _group(hub: Hub, data: dict, groups: dict, today: datetime.date) -> WorkGroup:
    dates = [(academic_day(m, d, today=today), where) for m, d, where in data["workshops"]]
    group = WorkGroup.objects.create(
        hub=hub, title=data["title"], programme_code=data.get("programme_code", ""), phase=data["phase"],
        description=data["description"], who_for=data["who_for"], funding_note=data["funding_note"],
        capacity=data["capacity"], booking_deadline=min(d for d, _ in dates) - datetime.timedelta(days=14),
        members=data.get("members", WorkGroup.Members.TEACHERS), places_per_school=data.get("places_per_school", 2),
        eligibility=data["eligibility"], join_first=groups.get(data.get("join_first")),
    )
    foci = [FocusOption.objects.create(work_group=group, **focus) for focus in data.get("foci", [])]
    for number, (day, where) in enumerate(dates, start=1):
        online = where == "online"
        workshop = Workshop.objects.create(
            work_group=group, number=number, date=day, starts=FULL_DAY[0], ends=FULL_DAY[1],
            mode=Workshop.Mode.ONLINE if online else Workshop.Mode.IN_PERSON, venue="" if online else where,
            link=f"https://meet.example/shaw-{group.pk}-{number}" if online else "",
        )
        WorkshopSession.objects.create(workshop=workshop, starts=FULL_DAY[0], ends=datetime.time(12, 15),
                                       title="Joint session: the maths, the research, the department")
        for focus in foci:
            WorkshopSession.objects.create(workshop=workshop, starts=datetime.time(13, 0), ends=FULL_DAY[1],
                                           title=f"Focus {focus.code}: {focus.title}", focus=focus)
    for heading, statements in data.get("outcomes", {}).items():
        for order, text in enumerate(statements):
            OutcomeStatement.objects.create(work_group=group, heading=heading, order=order, text=text)
    return group


def _schools(group: WorkGroup, data: dict, facilitator) -> None:
    foci = {f.code: f for f in group.foci.all()}
    for school_data in data["schools"]:
        school, _ = School.objects.get_or_create(slug=school_data["slug"],
                                                 defaults={"name": school_data.get("name", school_data["slug"])})
        department = Department.objects.filter(school=school).first() or Department.objects.create(
            school=school, name="Mathematics", slug=f"{school.slug}-maths"
        )
        if school.slug in HISTORY:
            kind, phase, cohort = HISTORY[school.slug]
            ParticipationRecord.objects.get_or_create(school=school, kind=kind, phase=phase, cohort=cohort,
                                                      defaults={"year": "2022/23"})
        places = []
        for n, (username, first, last, focus) in enumerate(school_data["pair"]):
            user = _user(username, first, last)
            role = Role.HEAD if username == school_data["booker"] else Role.TEACHER
            Membership.objects.get_or_create(department=department, user=user, defaults={"role": role})
            places.append(services.Place(user=user, is_lead=n == 0, focus=foci.get(focus),
                                         dietary_needs="Vegetarian" if n == 1 else ""))
        booker = _user(school_data["booker"])
        booking = services.booking_create(work_group=group, department=department, by=booker, places=places,
                                          today=group.booking_deadline)
        services.booking_endorse(
            booking=booking, by=booker, endorser_name=f"The headteacher of {school.name}",
            endorser_role="headteacher", notify=False,
            at=timezone.make_aware(datetime.datetime.combine(group.booking_deadline, datetime.time(9))),
        )
        if school.slug == "northfield":
            services.plan_save(
                booking=booking, by=booker, before_workshop=group.workshops.get(number=2),
                actions="A department workshop on the Focus B sequencing task; two co-planned Year 8 lessons.",
            )


def _between_workshops(group: WorkGroup, data: dict, facilitator, today: datetime.date) -> None:
    first = group.workshops.get(number=1)
    people = {p.user.username: p for p in access.live_participants(group).select_related("user")}
    if first.date <= today:
        services.attendance_record(workshop=first, by=facilitator,
                                   present=[p.pk for name, p in people.items() if name != "ogrange-raj"])
    task_data = data.get("gap_task")
    if task_data:
        task = services.gap_task_create(
            work_group=group, by=facilitator, title=task_data["title"], instructions=task_data["instructions"],
            before_workshop=group.workshops.get(number=task_data["before"]),
        )
        for username, note in task_data["submissions"].items():
            services.gap_submission_save(task=task, user=people[username].user, note=note)
    statements = list(group.outcomes.all())
    for username, scores in data.get("ratings", {}).items():
        for stage, score in zip((Rating.Stage.START, Rating.Stage.END), scores):
            if score is not None:
                services.ratings_save(work_group=group, user=people[username].user, stage=stage,
                                      answers={s.pk: (score, "") for s in statements})
    services.post_create(work_group=group, author=facilitator,
                         body="Welcome! Before workshop 2, please share one task your department has tried.")


def seed(stdout=None, *, today: datetime.date | None = None) -> WorkGroup | None:
    """Make whatever Work Groups are missing; return the Sustaining TfM group (None if it was
    there already). Schools and bookings need the departments seed's Northfield `hod`."""
    today = today or timezone.localdate()
    with transaction.atomic():
        hub, _ = Hub.objects.get_or_create(slug=DATA["hub"]["slug"], defaults={"name": DATA["hub"]["name"]})
        facilitators = [_user(f["username"], f["first_name"], f["last_name"]) for f in DATA["facilitators"]]
        hub.staff.add(*facilitators)
        groups, made = {}, None
        for data in DATA["groups"]:
            existing = WorkGroup.objects.filter(hub=hub, title=data["title"]).first()
            if existing is not None:
                groups[data["key"]] = existing
                continue
            group = groups[data["key"]] = _group(hub, data, groups, today)
            for f, user in zip(DATA["facilitators"], facilitators):
                Facilitator.objects.create(work_group=group, user=user, bio=f["bio"])
            if "schools" in data and get_user_model().objects.filter(username="hod").exists():
                _schools(group, data, facilitators[0])
                _between_workshops(group, data, facilitators[0], today)
            if data["key"] == "sustaining":
                made = group
    if stdout is not None:
        stdout.write(f"seed_workgroups: {hub} with {len(groups)} Work Groups.")
        for f in DATA["facilitators"]:
            stdout.write(f"  login {f['username']:9} password {DATA['password']:19} (Work Group facilitator)")
    return made

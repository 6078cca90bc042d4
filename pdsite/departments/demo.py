"""Demo seed for departments (DOMAIN.md §8): Northfield Academy's maths department, its people,
and the "Equality and equivalence" departmental workshop with its pre-viewing.

Idempotent: looked up by slug/title first. Called once from seed_demo.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pdsite.courses.models import PDVideoPage

from . import services
from .models import Assignment, Department, Role, School, Workshop

DEMO_MEMBERS = [
    # username, password (only for accounts made here), first, last, role
    ("hod", "hod-demo-pass", "Hannah", "Okafor", Role.HEAD),
    ("pdlead", None, "Priya", "Shah", Role.PD_LEAD),
    ("teacher", None, "Tom", "Evans", Role.TEACHER),
    ("ect", "ect-demo-pass", "Ella", "Carter", Role.ECT),
    ("mentor", "mentor-demo-pass", "Sam", "Mensah", Role.MENTOR),
    # Made with their passwords by the pathway seed (courses.demo_pathways), which runs first.
    ("ect2", None, "Noah", "Patel", Role.ECT),
    ("tutor", None, "Grace", "Liu", Role.INDUCTION_TUTOR),
]
PRE_VIEWING_SLUGS = ["equals-is-not-the-answer-is", "like-terms-with-algebra-tiles"]
AGENDA = [
    (15, "Do the maths together"),
    (15, "Predict pupil responses and misconceptions"),
    (15, "Agree representations and stem sentences"),
    (10, "Action plan: who tries what, with which class"),
    (5, "Reflection"),
]
PRE_TASK = "Sort six statements about the equals sign into always, sometimes or never true."


def seed_departments(stdout=None) -> Workshop:
    User = get_user_model()
    with transaction.atomic():
        school, _ = School.objects.get_or_create(slug="northfield", defaults={"name": "Northfield Academy"})
        department, _ = Department.objects.get_or_create(
            slug="northfield-maths",
            defaults={"school": school, "name": "Mathematics", "tfm_phase": Department.Phase.EMBEDDING},
        )
        people = {}
        for username, password, first, last, role in DEMO_MEMBERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@northfield.example"},
            )
            if created and password:
                user.set_password(password)
                user.save()
            services.membership_set(department=department, user=user, role=role)
            people[username] = user

        workshop = Workshop.objects.filter(department=department, title="Equality and equivalence").first()
        if workshop is None:
            day = timezone.localdate() + timedelta(days=7)
            starts = timezone.make_aware(datetime.combine(day, time(15, 30)))
            clips = {c.slug: c for c in PDVideoPage.objects.filter(slug__in=PRE_VIEWING_SLUGS)}
            workshop = services.workshop_create(
                department=department,
                created_by=people["hod"],
                data=services.WorkshopData(
                    title="Equality and equivalence",
                    kind=Workshop.Kind.DEPARTMENTAL,
                    starts_at=starts,
                    duration_minutes=60,
                    place="Maths office (M4)",
                    pre_task=PRE_TASK,
                    agenda=AGENDA,
                    facilitator=people["hod"],
                    attendees=[u for name, u in people.items() if name != "hod"],
                    pre_viewing=[
                        services.Target(kind=Assignment.Kind.CLIP, clip=clips[slug])
                        for slug in PRE_VIEWING_SLUGS
                        if slug in clips
                    ],
                ),
            )
    if stdout is not None:
        stdout.write(f"seed_departments: {department} with {len(people)} members and “{workshop.title}”.")
        for username, password, _first, _last, role in DEMO_MEMBERS:
            if password:
                stdout.write(f"  login {username:9} password {password:19} ({Role(role).label})")
    return workshop

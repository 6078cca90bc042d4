"""Seed the departments part of the demo (DOMAIN.md §8): Northfield Academy's maths department,
its people, and the "Equality and equivalence" departmental workshop with its pre-viewing, from
demo/department.yaml beside this module.

Idempotent: looked up by slug/title first. Called once from seed_demo, after the pathways.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pdsite.courses.demo.loader import load
from pdsite.courses.models import PDVideoPage

from . import services
from .models import Assignment, Department, Role, School, Workshop

__all__ = ["DATA", "MEMBERS", "Member", "seed"]


class Member(NamedTuple):
    username: str
    password: str | None  # only for accounts made here
    first_name: str
    last_name: str
    role: Role


def _member(item: dict) -> Member:
    return Member(**{**item, "role": Role(item["role"])})


DATA = load(
    "departments",
    "department",
    {"school": dict, "department": dict, "email_domain": str, "members": list, "workshop": dict},
)
MEMBERS: tuple[Member, ...] = DATA.records("members", _member)


def seed(stdout=None) -> Workshop:
    """Create whatever of the demo department and its workshop is missing; return the workshop.

    With `stdout`, write a one-line summary and the logins of the members made with a password.
    """
    User = get_user_model()
    school_data, department_data, workshop_data = DATA["school"], DATA["department"], DATA["workshop"]
    with transaction.atomic():
        school, _ = School.objects.get_or_create(slug=school_data["slug"], defaults={"name": school_data["name"]})
        department, _ = Department.objects.get_or_create(
            slug=department_data["slug"],
            defaults={
                "school": school,
                "name": department_data["name"],
                "tfm_phase": Department.Phase(department_data["tfm_phase"]),
            },
        )
        people = {}
        for member in MEMBERS:
            user, created = User.objects.get_or_create(
                username=member.username,
                defaults={
                    "first_name": member.first_name,
                    "last_name": member.last_name,
                    "email": f"{member.username}@{DATA['email_domain']}",
                },
            )
            if created and member.password:
                user.set_password(member.password)
                user.save()
            services.membership_set(department=department, user=user, role=member.role)
            people[member.username] = user

        workshop = Workshop.objects.filter(department=department, title=workshop_data["title"]).first()
        if workshop is None:
            workshop = _workshop(department, people, workshop_data)
    if stdout is not None:
        stdout.write(f"seed_departments: {department} with {len(people)} members and “{workshop.title}”.")
        for member in MEMBERS:
            if member.password:
                stdout.write(f"  login {member.username:9} password {member.password:19} ({member.role.label})")
    return workshop


def _workshop(department: Department, people: dict, data: dict) -> Workshop:
    day = timezone.localdate() + timedelta(days=data["starts_in_days"])
    starts = timezone.make_aware(datetime.combine(day, time.fromisoformat(data["starts_at"])))
    pre_viewing = data["pre_viewing"]
    clips = {c.slug: c for c in PDVideoPage.objects.filter(slug__in=pre_viewing)}
    facilitator = people[data["facilitator"]]
    return services.workshop_create(
        department=department,
        created_by=facilitator,
        data=services.WorkshopData(
            title=data["title"],
            kind=Workshop.Kind(data["kind"]),
            starts_at=starts,
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            pre_task=data["pre_task"],
            agenda=[(minutes, title) for minutes, title in data["agenda"]],
            facilitator=facilitator,
            attendees=[u for name, u in people.items() if name != data["facilitator"]],
            pre_viewing=[
                services.Target(kind=Assignment.Kind.CLIP, clip=clips[slug]) for slug in pre_viewing if slug in clips
            ],
        ),
    )

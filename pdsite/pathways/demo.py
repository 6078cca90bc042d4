"""Seed the pathways part of the demo (DOMAIN.md §8): the two ECT induction pathways and an ECT,
a second-year ECT, their mentor and induction tutor, from demo/pathways.yaml beside this module.

Idempotent (looked up by slug / username). Called from seed_demo after the clips exist;
watch steps whose clip was not seeded (--small) are left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from pdsite.courses.demo.loader import load
from pdsite.courses.models import BigIdea, EssencePrinciple, PDVideoPage
from pdsite.pathways.models import Pathway, PathwayStep
from pdsite.pathways.services import induction_profile_save

__all__ = ["INDUCTIONS", "LOGINS", "PATHWAYS", "seed"]


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    name: str  # full name: first, then last
    role: str  # as printed by seed_demo


@dataclass(frozen=True)
class Induction:
    ect: str  # usernames, all in LOGINS
    ect_year: int
    mentor: str
    induction_tutor: str


@dataclass(frozen=True)
class Step:
    kind: str  # a PathwayStep.Kind value
    title: str
    due_week: int
    instructions: str = ""
    clip: str | None = None  # a clip slug, for watch steps
    clip_range: tuple[int, int] | None = None  # (start, end) seconds of the clip

    def __post_init__(self):
        PathwayStep.Kind(self.kind)  # ValueError for an unknown kind


@dataclass(frozen=True)
class PathwayData:
    slug: str
    title: str
    ect_year: int
    intro: str
    big_ideas: tuple[str, ...]  # slugs
    principles: tuple[int, ...]  # orders
    steps: tuple[Step, ...]


def _pathway(item: dict) -> PathwayData:
    steps = tuple(
        Step(**{**step, "clip_range": tuple(step["clip_range"]) if step.get("clip_range") else None})
        for step in item["steps"]
    )
    return PathwayData(
        **{**item, "big_ideas": tuple(item["big_ideas"]), "principles": tuple(item["principles"]), "steps": steps}
    )


_DATA = load(
    "pathways",
    "pathways",
    {"logins": list, "inductions": list, "started_weeks_ago": int, "pathways": list},
)
LOGINS: tuple[Login, ...] = _DATA.records("logins", lambda item: Login(**item))
INDUCTIONS: tuple[Induction, ...] = _DATA.records("inductions", lambda item: Induction(**item))
PATHWAYS: tuple[PathwayData, ...] = _DATA.records("pathways", _pathway)


def _user(login: Login):
    User = get_user_model()
    first, _, last = login.name.partition(" ")
    user, created = User.objects.get_or_create(username=login.username, defaults={"first_name": first, "last_name": last})
    if created:
        user.set_password(login.password)
        user.save()
        teachers = Group.objects.filter(name="Teachers").first()
        if teachers:
            user.groups.add(teachers)
    return user


@transaction.atomic
def seed() -> list[tuple[str, str, str]]:
    """Create the pathways and the demo induction people; return the logins (username,
    password, role) for seed_demo to print."""
    for data in PATHWAYS:
        if Pathway.objects.filter(slug=data.slug).exists():
            continue
        pathway = Pathway(slug=data.slug, title=data.title, ect_year=data.ect_year, intro=data.intro)
        pathway.big_ideas = list(BigIdea.objects.filter(slug__in=data.big_ideas))
        pathway.principles = list(EssencePrinciple.objects.filter(order__in=data.principles))
        clips = {c.slug: c for c in PDVideoPage.objects.filter(slug__in=[s.clip for s in data.steps if s.clip])}
        pathway.steps = [
            PathwayStep(
                kind=step.kind,
                title=step.title,
                instructions=step.instructions,
                clip=clips.get(step.clip),
                start=step.clip_range[0] if step.clip_range else None,
                end=min(step.clip_range[1], clips[step.clip].video.duration or step.clip_range[1])
                if step.clip_range
                else None,
                due_week=step.due_week,
            )
            for step in data.steps
            if not step.clip or step.clip in clips
        ]
        pathway.save()

    people = {login.username: _user(login) for login in LOGINS}
    start = timezone.localdate() - datetime.timedelta(weeks=_DATA["started_weeks_ago"])
    for induction in INDUCTIONS:
        induction_profile_save(
            user=people[induction.ect],
            ect_year=induction.ect_year,
            start_date=start,
            mentor=people[induction.mentor],
            induction_tutor=people[induction.induction_tutor],
        )
    return [(login.username, login.password, login.role) for login in LOGINS]

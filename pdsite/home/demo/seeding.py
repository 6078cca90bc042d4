"""Seed the home part of the demo: the logins for each role (users.yaml) and the home page's
intro (home.yaml). Idempotent: a login is looked up by username (one already there keeps its
password) and the intro is set only while the page has none.

Run first by seed_demo, which prints LOGINS at the end.
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from pdsite.courses.demo.loader import load
from pdsite.courses.demo.seeding import paragraphs
from pdsite.home.models import HomePage

__all__ = ["HOME_INTRO", "LOGINS", "Login", "seed"]


class Login(NamedTuple):
    username: str
    password: str
    group: str | None  # None: site administrator


LOGINS: tuple[Login, ...] = load("home", "users", {"logins": list}).records("logins", lambda item: Login(**item))
HOME_INTRO: str = load("home", "home", {"intro": str})["intro"]


def seed() -> HomePage:
    """Make the role logins and give the home page its intro; return the home page."""
    User = get_user_model()
    for username, password, group in LOGINS:
        is_admin = group is None
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_superuser": is_admin, "is_staff": is_admin}
        )
        if created:
            user.set_password(password)
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
    home = HomePage.objects.get()
    if not home.intro:
        home.intro = paragraphs(HOME_INTRO)
        home.save_revision().publish()
    return home

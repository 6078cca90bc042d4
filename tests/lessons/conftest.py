"""A school that records lessons, its maths department and the people in it (see `ls`).

`lessons_world` has the school's consent statement set through the real service; recordings
are made with tests.support.recordings (rows only) or the real services and pipeline."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from pdsite.departments.models import Role, Team
from pdsite.lessons import services
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import UserFactory

CONSENT = "Parents have been told; pupils on the no-filming list sit out of shot."


@pytest.fixture
def ls(db):
    """ect, mentor, hod, teacher and coach in Maths (coach in the "Observers" team); outsider in
    Science at another school. The school keeps recordings 30 days."""
    school = SchoolFactory(slug="ls-school", name="Ls School")
    other = SchoolFactory(slug="ls-other", name="Other School")
    maths = DepartmentFactory(school=school, name="Maths", slug="ls-maths")
    science = DepartmentFactory(school=other, name="Science", slug="ls-science")
    names = ("ect", "mentor", "hod", "teacher", "coach", "outsider")
    p = SimpleNamespace(**{n: UserFactory(username=f"ls-{n}", first_name=n.title(), last_name="Tester") for n in names})
    for person, role in ((p.ect, Role.ECT), (p.mentor, Role.MENTOR), (p.hod, Role.HEAD), (p.teacher, Role.TEACHER),
                         (p.coach, Role.TEACHER)):
        MembershipFactory(department=maths, user=person, role=role)
    MembershipFactory(department=science, user=p.outsider)
    team = Team.objects.create(department=maths, name="Observers")
    team.members.add(p.coach)
    policy = services.recording_policy_set(school=school, consent_statement=CONSENT, retention_days=30)
    return SimpleNamespace(school=school, other=other, maths=maths, science=science, people=p, team=team,
                           policy=policy, today=timezone.localdate())


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)

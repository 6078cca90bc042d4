"""Two booked schools' maths departments, a school that has not booked, a facilitator, and a
Work Group (tests/factories/workgroups.py)."""

from types import SimpleNamespace

import pytest

from pdsite.departments.models import Role
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import UserFactory
from tests.factories.workgroups import work_group_for


@pytest.fixture
def wg(db):
    north = DepartmentFactory(school=SchoolFactory(name="Northfield Academy", slug="northfield"), name="Maths",
                              slug="northfield-maths")
    south = DepartmentFactory(school=SchoolFactory(name="Southgate School", slug="southgate"), slug="southgate-maths")
    west = DepartmentFactory(school=SchoolFactory(name="Westbrook High", slug="westbrook"), slug="westbrook-maths")
    people = {}
    for name, dept, role in [
        ("nhod", north, Role.HEAD), ("nann", north, Role.TEACHER), ("nben", north, Role.TEACHER),
        ("ncat", north, Role.TEACHER),
        ("shod", south, Role.HEAD), ("ssue", south, Role.TEACHER), ("stim", south, Role.TEACHER),
        ("whod", west, Role.HEAD), ("wteacher", west, Role.TEACHER),
    ]:
        user = UserFactory(username=name, first_name=name[1:].capitalize(), last_name=name[0].upper() + "son")
        MembershipFactory(department=dept, user=user, role=role)
        people[name] = user
    people["fac"] = UserFactory(username="fac", first_name="Natalie", last_name="Burton")
    group = work_group_for(people["fac"])
    foci = list(group.foci.all())
    return SimpleNamespace(north=north, south=south, west=west, group=group, a=foci[0], b=foci[1],
                           workshops=list(group.workshops.all()), **people)

"""A school that signs its staff in with single sign-on, its maths department with a head of
department, and a school elsewhere (see `sso`)."""

from types import SimpleNamespace

import pytest

from pdsite.departments.models import Role
from tests.factories.accounts import SchoolSignInFactory
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import UserFactory


@pytest.fixture
def sso(db):
    """Allowed Academy (allowed.example, passwords off for staff) with Maths (head `hod`, teacher
    `staff`) and Science (head `science_hod`); Other School (other.example) with head `other_hod`."""
    school = SchoolFactory(name="Allowed Academy", slug="allowed-academy")
    other = SchoolFactory(name="Other School", slug="other-school")
    SchoolSignInFactory(school=school, allowed_domains="allowed.example", local_passwords_off=True)
    SchoolSignInFactory(school=other, allowed_domains="other.example")
    maths = DepartmentFactory(school=school, name="Maths", slug="aa-maths")
    science = DepartmentFactory(school=school, name="Science", slug="aa-science")
    other_maths = DepartmentFactory(school=other, name="Maths", slug="os-maths")
    people = SimpleNamespace(school=school, other=other, maths=maths, science=science, other_maths=other_maths)
    for name, department, role in (
        ("hod", maths, Role.HEAD), ("staff", maths, Role.TEACHER), ("science_hod", science, Role.HEAD),
        ("other_hod", other_maths, Role.HEAD),
    ):
        user = UserFactory(username=name, email=f"{name}@{'other' if name == 'other_hod' else 'allowed'}.example")
        MembershipFactory(department=department, user=user, role=role)
        setattr(people, name, user)
    people.admin = UserFactory(username="root", email="root@allowed.example", is_superuser=True, is_staff=True)
    MembershipFactory(department=maths, user=people.admin, role=Role.TEACHER)
    return people

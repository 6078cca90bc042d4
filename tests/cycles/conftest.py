"""A maths department with a lesson-study group, a teacher outside it, an ECT with a mentor,
its head of department, and a teacher at another school."""

from types import SimpleNamespace

import pytest

from pdsite.departments.models import Role
from pdsite.pathways.models import Enrolment, InductionProfile, PathwayStep
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.pathways import PathwayFactory, PathwayStepFactory, days_ago
from tests.factories.users import UserFactory


@pytest.fixture
def org(db):
    school = SchoolFactory(name="Northfield Academy", slug="northfield")
    maths = DepartmentFactory(school=school, name="Maths", slug="northfield-maths")
    elsewhere = DepartmentFactory(school=SchoolFactory(name="Southgate", slug="southgate"), slug="southgate-maths")
    people = SimpleNamespace(
        hod=UserFactory(username="hod", first_name="Hana", last_name="Head"),
        alice=UserFactory(username="alice", first_name="Alice", last_name="Adams"),
        bob=UserFactory(username="bob", first_name="Bob", last_name="Brown"),
        carl=UserFactory(username="carl", first_name="Carl", last_name="Cole"),
        erin=UserFactory(username="erin", first_name="Erin", last_name="Early"),
        mo=UserFactory(username="mo", first_name="Mo", last_name="Mentor"),
        stranger=UserFactory(username="stranger", first_name="Sam", last_name="Stranger"),
    )
    roles = {"hod": Role.HEAD, "alice": Role.TEACHER, "bob": Role.TEACHER, "carl": Role.TEACHER,
             "erin": Role.ECT, "mo": Role.MENTOR}
    for name, role in roles.items():
        MembershipFactory(department=maths, user=getattr(people, name), role=role)
    MembershipFactory(department=elsewhere, user=people.stranger, role=Role.HEAD)
    InductionProfile.objects.create(user=people.erin, ect_year=1, mentor=people.mo, start_date=days_ago(30))
    pathway = PathwayFactory(title="ECT year 1", slug="ect-year-1")
    steps = [
        PathwayStepFactory(pathway=pathway, kind=PathwayStep.Kind.REFLECTION, title="Reflection on ratio"),
        PathwayStepFactory(pathway=pathway, kind=PathwayStep.Kind.MEETING, title="Mentor meeting 1"),
        PathwayStepFactory(pathway=pathway, kind=PathwayStep.Kind.MEETING, title="Mentor meeting 2"),
    ]
    Enrolment.objects.create(user=people.erin, pathway=pathway, start_date=days_ago(30))
    return SimpleNamespace(school=school, maths=maths, elsewhere=elsewhere, people=people, pathway_steps=steps)


@pytest.fixture
def study(org):
    """Alice's lesson study with Bob (Carl is in the department but not in the group)."""
    from tests.factories.cycles import cycle_for

    return cycle_for(org.maths, org.people.alice, participants=[org.people.bob], research_focus="Do ratio tables help?")

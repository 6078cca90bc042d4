"""A school with two maths departments, their people, and three short ready clips."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from pdsite.courses.models import BigIdea
from pdsite.departments.models import Role
from tests.factories.courses import PDVideoPageFactory
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import UserFactory

CLIP_SECONDS = 20.0


def make_clip(library, title, slug, seconds=CLIP_SECONDS, big_idea="coherence"):
    """A live clip page whose ready video (named like the page) lasts `seconds`."""
    return PDVideoPageFactory(
        parent=library,
        title=title,
        slug=slug,
        video__title=title,
        video__duration=seconds,
        big_ideas=list(BigIdea.objects.filter(slug=big_idea)),
    )


def watch(user, clip, *ranges):
    """Record viewing through the real progress service, one report per range, 10 s apart."""
    from tests.support.progress import watch as watch_video

    watch_video(user, clip.video, *ranges)


@pytest.fixture
def org(db, clip_library):
    school = SchoolFactory(name="Northfield Academy", slug="northfield")
    maths = DepartmentFactory(school=school, name="Maths", slug="maths")
    other = DepartmentFactory(school=school, name="Science", slug="science")
    people = SimpleNamespace(
        hod=UserFactory(username="hod", first_name="Hana", last_name="Head"),
        alice=UserFactory(username="alice", first_name="Alice", last_name="Adams"),
        bob=UserFactory(username="bob", first_name="Bob", last_name="Brown"),
        outsider=UserFactory(username="outsider", first_name="Omar", last_name="Other"),
        pdlead=UserFactory(username="pdl", first_name="Priya", last_name="Lead"),
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
    )
    MembershipFactory(department=maths, user=people.hod, role=Role.HEAD)
    MembershipFactory(department=maths, user=people.alice, role=Role.TEACHER)
    MembershipFactory(department=maths, user=people.bob, role=Role.ECT)
    MembershipFactory(department=other, user=people.outsider, role=Role.TEACHER)
    MembershipFactory(department=other, user=people.pdlead, role=Role.PD_LEAD)
    clips = [
        make_clip(clip_library, "Equals is not 'the answer is'", "equals"),
        make_clip(clip_library, "Like terms with algebra tiles", "like-terms"),
        make_clip(clip_library, "Bar models for 3a + 2", "bar-models"),
    ]
    return SimpleNamespace(school=school, maths=maths, other=other, people=people, clips=clips)


@pytest.fixture
def workshop(org):
    from pdsite.departments import services
    from pdsite.departments.models import Workshop

    p = org.people
    return services.workshop_create(
        department=org.maths,
        created_by=p.hod,
        data=services.WorkshopData(
            title="Equality and equivalence",
            kind=Workshop.Kind.DEPARTMENTAL,
            starts_at=timezone.now() + timedelta(days=3),
            agenda=[(15, "Do the maths together"), (15, "Predict pupil responses")],
            facilitator=p.hod,
            attendees=[p.alice, p.bob],
            pre_viewing=[services.Target(kind="clip", clip=c) for c in org.clips[:2]],
        ),
    )


@pytest.fixture
def stranger(org):
    """`reviewer`: an account in another school's department, so not in Northfield Academy."""
    southgate = SchoolFactory(name="Southgate School", slug="southgate")
    their_maths = DepartmentFactory(school=southgate, name="Maths", slug="southgate-maths")
    user = UserFactory(username="reviewer", first_name="Rita", last_name="Reviewer")
    MembershipFactory(department=their_maths, user=user, role=Role.TEACHER)
    return user

"""A maths department with an ECT's lesson recording shared as a clip with their mentor, a
PD clip page, and people around them (see `fb`)."""

from types import SimpleNamespace

import pytest

from pdsite.departments.models import Role, Team
from pdsite.feedback import services
from pdsite.feedback.models import Comment
from pdsite.lessons.models import Share
from tests.factories.courses import PDVideoPageFactory
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import UserFactory
from tests.support.recordings import make_recording, make_share

CLIP = (100.0, 120.0)  # the mentor's clip share of the recording


@pytest.fixture
def fb(db, clip_library):
    """ect owns a 10-minute recording in Maths, shared with mentor to comment on 1:40–2:00 and
    with viewer to watch (whole); hod and teacher are in Maths without a share; outsider is in
    Science; coach is in the "Coaches" team, to which the whole recording is shared to comment."""
    school = SchoolFactory(slug="fb-school")
    maths = DepartmentFactory(school=school, name="Maths", slug="fb-maths")
    science = DepartmentFactory(school=school, name="Science", slug="fb-science")
    names = ("ect", "mentor", "hod", "teacher", "viewer", "outsider", "coach")
    p = SimpleNamespace(**{n: UserFactory(username=f"fb-{n}", first_name=n.title(), last_name="Tester") for n in names})
    for person, role in ((p.ect, Role.ECT), (p.mentor, Role.MENTOR), (p.hod, Role.HEAD), (p.teacher, Role.TEACHER),
                         (p.viewer, Role.TEACHER), (p.coach, Role.TEACHER)):
        MembershipFactory(department=maths, user=person, role=role)
    MembershipFactory(department=science, user=p.outsider)
    team = Team.objects.create(department=maths, name="Coaches")
    team.members.add(p.coach)
    recording = make_recording(owner=p.ect, department=maths, title="Y7 equivalence, period 2")
    shares = SimpleNamespace(
        mentor=make_share(recording, to=p.mentor, start=CLIP[0], end=CLIP[1]),
        viewer=make_share(recording, to=p.viewer, permission=Share.Permission.VIEW),
        team=make_share(recording, kind="team", to=team),
    )
    clip = PDVideoPageFactory(parent=clip_library, title="Bar models for 3a + 2", slug="fb-bar-models",
                              video__title="Bar models for 3a + 2", video__duration=60.0)
    return SimpleNamespace(
        school=school, maths=maths, science=science, people=p, team=team, recording=recording,
        video=recording.video, shares=shares, clip=clip,
    )


def comment(author, video, *, start=10.0, audience=Comment.Audience.PRIVATE, **kwargs):
    """A comment through the real service."""
    kwargs.setdefault("kind", Comment.Kind.NOTE)
    kwargs.setdefault("body", f"At {start}")
    return services.comment_create(author=author, video=video, start=start, audience=audience, **kwargs)

"""The lessons grant and window in the one video rule: the owner and a live share's audience
see a recording; nobody else does, however senior; a clip share sees only its range."""

import datetime

import pytest
from django.utils import timezone

from pdsite.departments.models import Role, Team
from pdsite.lessons.audiences import audience_choices, audience_label, audience_members
from pdsite.videos.access import video_visible_to, video_windows, visible_video_ids
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import UserFactory
from tests.support.recordings import make_recording, make_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    school = SchoolFactory()
    maths = DepartmentFactory(school=school, name="Maths")
    people = {n: UserFactory(username=f"acc-{n}") for n in ("ect", "mentor", "hod", "teacher", "coach")}
    for name, role in (("ect", Role.ECT), ("mentor", Role.MENTOR), ("hod", Role.HEAD), ("teacher", Role.TEACHER),
                       ("coach", Role.TEACHER)):
        MembershipFactory(department=maths, user=people[name], role=role)
    recording = make_recording(owner=people["ect"], department=maths)
    return maths, people, recording


def test_the_owner_sees_all_of_their_recording(world):
    _, p, recording = world
    assert video_visible_to(p["ect"], recording.video)
    assert video_windows(p["ect"], recording.video) is None


@pytest.mark.parametrize("who", ["hod", "teacher", "mentor"])
def test_nobody_else_in_the_department_sees_an_unshared_recording(world, who):
    _, p, recording = world
    assert not video_visible_to(p[who], recording.video)


def test_a_superuser_does_not_see_a_recording_nobody_shared_with_them(world):
    _, _, recording = world
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert visible_video_ids(admin, [recording.video_id]) == set()


def test_a_clip_share_shows_its_range_only(world):
    _, p, recording = world
    make_share(recording, to=p["mentor"], start=100.0, end=120.0)
    assert video_visible_to(p["mentor"], recording.video)
    assert video_windows(p["mentor"], recording.video) == [(100.0, 120.0)]
    assert not video_visible_to(p["teacher"], recording.video)


def test_a_whole_share_beside_a_clip_share_shows_the_whole(world):
    maths, p, recording = world
    make_share(recording, to=p["mentor"], start=100.0, end=120.0)
    make_share(recording, kind="department", to=maths)
    assert video_windows(p["mentor"], recording.video) is None
    assert video_visible_to(p["hod"], recording.video)


def test_revoking_or_ending_a_share_takes_effect_on_the_next_question(world):
    _, p, recording = world
    share = make_share(recording, to=p["mentor"])
    assert video_visible_to(p["mentor"], recording.video)
    share.revoked_at = timezone.now()
    share.save()
    assert not video_visible_to(p["mentor"], recording.video)
    make_share(recording, to=p["mentor"], ends_at=timezone.now() - datetime.timedelta(minutes=1))
    assert not video_visible_to(p["mentor"], recording.video)


def test_a_team_share_follows_the_team_as_it_is_now(world):
    maths, p, recording = world
    team = Team.objects.create(department=maths, name="Observers")
    team.members.add(p["coach"])
    make_share(recording, kind="team", to=team)
    assert video_visible_to(p["coach"], recording.video)
    team.members.remove(p["coach"])
    assert not video_visible_to(p["coach"], recording.video)


def test_an_inactive_account_sees_nothing_shared_with_it(world):
    _, p, recording = world
    make_share(recording, to=p["mentor"])
    p["mentor"].is_active = False
    p["mentor"].save()
    assert not video_visible_to(p["mentor"], recording.video)


def test_the_owner_is_offered_colleagues_teams_and_departments_never_themselves(world):
    maths, p, _ = world
    Team.objects.create(department=maths, name="Observers")
    choices = audience_choices(p["ect"])
    kinds = {kind for kind, _, _ in choices}
    assert {"user", "team", "department"} <= kinds
    assert ("user", p["ect"].pk) not in {(k, i) for k, i, _ in choices}
    outsider = UserFactory()
    assert ("user", outsider.pk) not in {(k, i) for k, i, _ in choices}
    assert list(audience_members("department", maths.pk).order_by("pk")) == sorted(p.values(), key=lambda u: u.pk)
    assert audience_label("team", 10**9) == "A team that no longer exists"
    assert audience_label("nonsense", 1) == "An audience that no longer exists"

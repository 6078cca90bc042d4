"""The lessons part of the demo seed: ect's READY recording, shared as a 20 s clip with mentor
to comment, two typed and tagged comments by mentor, attached to the demo cycle; teacher and hod
see nothing of it; a second run makes nothing new."""

import pytest

from pdsite.cycles import demo as cycles_demo
from pdsite.feedback import demo as feedback_demo
from pdsite.departments.models import Role
from pdsite.feedback.models import Comment
from pdsite.lessons import demo
from pdsite.lessons.models import Recording, RecordingPolicy, Share
from pdsite.videos.access import video_visible_to, video_windows
from pdsite.videos.models import TranscriptSegment, Video
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.slow


@pytest.fixture
def northfield(db):
    school = SchoolFactory(slug="northfield", name="Northfield Academy")
    maths = DepartmentFactory(school=school, slug=demo.DEPARTMENT, name="Mathematics")
    people = {}
    for name, role in (("ect", Role.ECT), ("mentor", Role.MENTOR), ("teacher", Role.TEACHER), ("hod", Role.HEAD)):
        people[name] = UserFactory(username=name, first_name=name.title())
        MembershipFactory(department=maths, user=people[name], role=role)
    return people


def counts() -> tuple:
    return (Recording.objects.count(), Video.objects.count(), Share.objects.count(), Comment.objects.count(),
            RecordingPolicy.objects.count())


def test_the_demo_recording_is_shared_as_a_clip_with_mentor_only(northfield, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the transcode, after the seed's commit
        recording = demo.seed()
    feedback_demo.seed(recording=recording)
    video = recording.video
    assert video.private and video.is_ready and video.duration >= 40
    assert TranscriptSegment.objects.filter(transcript__video=video).exists()
    assert recording.owner == northfield["ect"] and recording.consent_statement == demo.CONSENT
    share = Share.objects.get(recording=recording)
    assert (share.start, share.end, share.permission) == (6.0, 26.0, Share.Permission.COMMENT)
    assert video_windows(northfield["mentor"], video) == [(6.0, 26.0)]
    assert not video_visible_to(northfield["teacher"], video) and not video_visible_to(northfield["hod"], video)
    comments = Comment.objects.filter(video=video).order_by("start")
    assert [(c.author.username, c.kind) for c in comments] == [("mentor", "strength"), ("mentor", "question")]
    assert comments[0].big_ideas.get().slug == "representation-structure" and comments[0].principles.exists()
    assert not Comment.objects.visible_to(northfield["teacher"], video).exists()

    first = counts()
    again = demo.seed()
    feedback_demo.seed(recording=again)
    cycle = cycles_demo.seed(recording=again)
    assert counts() == first
    assert cycle.steps.get(kind="teach").recording == recording
    recording.refresh_from_db()
    assert recording.cycle_ends_on == cycle.ends_on


def test_without_the_demo_department_nothing_is_seeded(db):
    assert demo.seed() is None and feedback_demo.seed(recording=None) == [] and not Recording.objects.exists()

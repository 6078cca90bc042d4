"""Time-stamped comments on a PD clip (issue #14, "Time-stamped feedback"), by keyboard: a
teacher plays a real clip, posts a question at the current moment to "My department" tagged
with a Big Idea, and it appears in the list and as a marker on the seek bar; the marker seeks;
the head of department replies and @mentions the teacher, who gets the notification; a teacher
of another department sees no comments. Axe on every page."""

import pytest
from django.core.files import File

from pdsite.departments.models import Notification, Role
from pdsite.feedback.models import Comment
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.courses import PDVideoPageFactory
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_department_discusses_a_moment_of_a_pd_clip(browser_ready, live_server, clip_library, tmp_path):
    from pdsite.videos import services
    from pdsite.videos.pipeline.samples import make_silent_clip

    path = make_silent_clip(tmp_path / "tone.mp4", seconds=20)
    with open(path, "rb") as handle:
        video = services.video_create(title="Bar models", source=File(handle, name="tone.mp4"))
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    page = PDVideoPageFactory(parent=clip_library, title="Bar models for sharing", slug="bar-models-fb", video=video)
    school = SchoolFactory()
    maths, science = DepartmentFactory(school=school, name="Maths"), DepartmentFactory(school=school, name="Science")
    teacher = UserFactory(username="teacher", first_name="Tom", last_name="Evans", groups=["Teachers"])
    hod = UserFactory(username="hod", first_name="Hana", last_name="Khan", groups=["Teachers"])
    other = UserFactory(username="other", groups=["Teachers"])
    MembershipFactory(department=maths, user=teacher, role=Role.TEACHER)
    MembershipFactory(department=maths, user=hod, role=Role.HEAD)
    MembershipFactory(department=science, user=other, role=Role.TEACHER)

    result = run_node(
        "feedback.mjs",
        {
            "BASE_URL": live_server.url,
            "PASSWORD": PASSWORD,
            "CLIP_PATH": page.url,
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "feedback"),
        },
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "feedback: ok" in result.stdout
    question = Comment.objects.get(video=video, parent=None)
    assert question.kind == Comment.Kind.QUESTION and question.audience == Comment.Audience.DEPARTMENT
    assert question.start >= 2 and question.big_ideas.filter(name__iexact="Representation and structure").exists()
    assert question.replies.get().author == hod
    assert Notification.objects.filter(user=teacher).exists()

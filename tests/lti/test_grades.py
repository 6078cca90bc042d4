"""Assignment and Grade Services against the real platform (issue #16): a clip launched from a
graded activity posts the viewer's coverage as their score when it changes (a Celery task from
progress's signal: the tool gets an access token with a signed client assertion the platform
verifies, then posts the score); rewatching posts nothing new."""

import pytest
from django.urls import reverse

from pdsite.lti.models import GradeLink
from tests.factories.courses import PDVideoPageFactory
from tests.support.lti_platform import PlatformUser

pytestmark = pytest.mark.django_db


def test_coverage_is_posted_as_the_score_when_it_changes(
    client, registration, platform, lti_launch, clip_library, django_capture_on_commit_callbacks
):
    clip = PDVideoPageFactory(parent=clip_library, video__duration=20.0)
    keys = client.get(reverse("lti:jwks")).json()
    platform.tool_jwks_fetch = lambda: keys  # the platform's thread has no view of the test's transaction
    response = lti_launch(platform.resource_link(PlatformUser("lms-9"), custom={"pdsite_clip": str(clip.pk)}, graded=True))
    assert response.status_code == 302
    link = GradeLink.objects.get()
    assert link.video == clip.video and link.sub == "lms-9" and link.lineitem_url == platform.url("/lineitems/link-1")

    def beat(ranges):
        with django_capture_on_commit_callbacks(execute=True):
            reply = client.post(reverse("progress:heartbeat"), {"video": clip.video_id, "ranges": ranges, "position": "1"})
        assert reply.status_code == 200, reply.content

    beat("[[0, 2]]")
    (score,) = platform.scores
    assert score["lineitem"] == "/lineitems/link-1" and score["userId"] == "lms-9"
    assert score["scoreGiven"] == pytest.approx(10.0, abs=0.5) and score["scoreMaximum"] == 100
    assert score["activityProgress"] == "InProgress" and score["gradingProgress"] == "Pending"

    beat("[[0, 2]]")  # rewatching adds no seconds: no new score
    assert len(platform.scores) == 1


def test_an_ungraded_launch_posts_nothing(client, registration, platform, lti_launch, clip_library, django_capture_on_commit_callbacks):
    clip = PDVideoPageFactory(parent=clip_library, video__duration=20.0)
    lti_launch(platform.resource_link(PlatformUser("lms-9"), custom={"pdsite_clip": str(clip.pk)}))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("progress:heartbeat"), {"video": clip.video_id, "ranges": "[[0, 2]]", "position": "1"})
    assert not GradeLink.objects.exists() and platform.scores == []

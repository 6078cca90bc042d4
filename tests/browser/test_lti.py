"""LTI 1.3 in Chromium (issue #16): the test platform (tests/support/lti_platform.py, its own
origin) frames pdsite; a learner's launch plays the clip in the frame and their progress counts;
an instructor's deep-linking launch picks part of the clip and the platform verifies the signed
answer; the instructor opens part of the clip and the course roster with progress. Axe on
every page."""

import pytest
from django.core.files import File

from pdsite.lti import services
from pdsite.lti.models import PlatformRegistration
from pdsite.progress.models import ViewingRecord
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.courses import PDVideoPageFactory
from tests.support.lti_platform import DL_CLAIM, INSTRUCTOR, LtiPlatform, PlatformUser

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_course_frames_a_clip_and_picks_part_of_it(browser_ready, live_server, clip_library, tmp_path):
    from django.contrib.auth import get_user_model

    from pdsite.videos import services as video_services
    from pdsite.videos.pipeline.samples import make_silent_clip

    path = make_silent_clip(tmp_path / "tone.mp4", seconds=8)
    with open(path, "rb") as handle:
        video = video_services.video_create(title="Bar models", source=File(handle, name="tone.mp4"))
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    page = PDVideoPageFactory(parent=clip_library, title="Bar models for sharing", slug="bar-models-lti", video=video)

    platform = LtiPlatform()
    try:
        platform.tool_login_url = f"{live_server.url}/lti/login/"
        platform.tool_jwks_url = f"{live_server.url}/lti/jwks/"
        services.tool_key_rotate()
        PlatformRegistration.objects.create(**platform.registration_fields())
        learner = PlatformUser("lms-learner", email="learner@school.example", given_name="Lee", family_name="Learner")
        head = PlatformUser("lms-head", email="head@school.example", given_name="Hana", family_name="Khan", roles=[INSTRUCTOR])
        platform.members = [learner, head]
        learn = platform.expect(platform.resource_link(learner, custom={"pdsite_clip": str(page.pk)}))
        pick = platform.expect(platform.deep_linking(head))
        part = {"pdsite_clip": str(page.pk), "pdsite_start": "1", "pdsite_end": "3"}
        roster = platform.expect(platform.resource_link(head, custom=part, roster=True))
        result = run_node(
            "lti.mjs",
            {
                "PLATFORM_URL": platform.issuer,
                "HINT_LEARN": learn,
                "HINT_PICK": pick,
                "HINT_ROSTER": roster,
                "CLIP_TITLE": page.title,
                "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "lti"),
            },
        )
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
        assert "lti: ok" in result.stdout
        learner = get_user_model().objects.get(email="learner@school.example")
        assert ViewingRecord.objects.filter(user=learner, video=video).exists(), "the framed player's reports must count"
        (received,) = platform.received
        assert received[DL_CLAIM + "content_items"][0]["custom"] == {
            "pdsite_clip": str(page.pk), "pdsite_start": "1", "pdsite_end": "3"
        }
    finally:
        platform.stop()

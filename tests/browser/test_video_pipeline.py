"""The video library and HLS playback in Chromium (hls.js, axe)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pdsite.videos import services
from pdsite.videos.models import Video
from pdsite.videos.pipeline.samples import make_silent_clip
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD, UserFactory
from tests.factories.videos import VideoFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_library_is_accessible_and_hls_switches_rendition_when_bandwidth_is_capped(
    browser_ready, live_server, tmp_path
):
    clip = make_silent_clip(tmp_path / "ladder.mp4", seconds=24, width=854, height=480)
    # Transcoded in this process (eager tasks), through the real pipeline.
    video = services.video_create(title="Ladder clip", source=ContentFile(clip.read_bytes(), name="ladder.mp4"))
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    VideoFactory(title="Halfway clip", status=Video.Status.TRANSCODING, progress=0.4)
    failed = VideoFactory(
        title="Broken clip", status=Video.Status.FAILED, failure_stage="probe", failure_reason="This file is empty."
    )
    UserFactory(username="library-lead", groups=["PD leads"])

    result = run_node(
        "video_pipeline.mjs",
        {
            "BASE_URL": live_server.url,
            "USERNAME": "library-lead",
            "PASSWORD": PASSWORD,
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "video_pipeline"),
            "INSPECT_URL": live_server.url + reverse("video_library:inspect", args=[failed.pk]),
            "VIDEO_ID": str(video.pk),
        },
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "video_pipeline: ok" in result.stdout

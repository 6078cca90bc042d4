"""The System status screen in Chromium (with axe): a superuser reads it and retries a failed
video; a PD lead is refused."""

import pytest
from django.urls import reverse

from pdsite.videos.models import Video
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD, UserFactory
from tests.factories.videos import VideoFactory

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_superuser_reads_the_status_and_retries_a_failed_video(browser_ready, live_server, pd_lead):
    admin = UserFactory(username="status-admin", is_superuser=True, is_staff=True)
    # Its source is not a video, so the retried job runs (eagerly) and fails at the probe again.
    failed = VideoFactory(title="Broken clip", status=Video.Status.FAILED, failure_stage=Video.Stage.PROBE,
                          failure_reason="ffprobe found no video stream.")
    result = run_node(
        "system_status.mjs",
        {
            "BASE_URL": live_server.url,
            "STATUS_PATH": reverse("system_status:index"),
            "FAILED_TITLE": failed.title,
            "SUPERUSER_USERNAME": admin.username,
            "PD_LEAD_USERNAME": pd_lead.username,
            "PASSWORD": PASSWORD,
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "system_status"),
        },
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "system-status: ok" in result.stdout
    failed.refresh_from_db()
    assert failed.status == Video.Status.FAILED and failed.transcode_job is not None  # it ran again

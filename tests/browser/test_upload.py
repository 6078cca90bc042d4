"""Resumable upload on the admin "Add video" page, in Chromium: pause, reload, offline, done."""

import subprocess

import pytest
from django.core.files.storage import default_storage

from pdsite.videos.models import UploadSession, Video
from tests.browser.conftest import ARTIFACTS, run_node
from tests.conftest import require_service
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TITLE = "Hour-long department workshop"


@pytest.fixture(scope="module")
def noisy_clip(tmp_path_factory):
    """A real ~19 MB MP4 of 2 s (lossless noise): four 5 MiB S3 parts, ten 2 MiB chunks."""
    path = tmp_path_factory.mktemp("clips") / "workshop.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
         "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
         "-t", "2", "-vf", "noise=alls=40:allf=t",
         "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-movflags", "+faststart", str(path)],
        check=True,
    )  # fmt: skip
    return path


@pytest.mark.parametrize("backend", ["s3", "local"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pd_lead_upload_survives_pause_reload_and_offline_and_becomes_a_video(
    browser_ready, live_server, noisy_clip, settings, backend
):
    if backend == "s3":
        require_service("AWS_STORAGE_BUCKET_NAME", "The S3 server")
        settings.PDSITE_UPLOAD_PART_BYTES = 5 * 1024**2
    else:
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
        settings.PDSITE_UPLOAD_PART_BYTES = 2 * 1024**2
    UserFactory(username="pdlead", groups=["PD leads"])

    result = run_node(
        "upload.mjs",
        {
            "BASE_URL": live_server.url,
            "CLIP_PATH": str(noisy_clip),
            "VIDEO_TITLE": TITLE,
            "UPLOAD_BACKEND": backend,
            "USERNAME": "pdlead",
            "PASSWORD": PASSWORD,
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / f"upload-{backend}"),
        },
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "upload: ok" in result.stdout

    video = Video.objects.get(title=TITLE)
    assert video.status == Video.Status.READY, video.failure_reason  # transcoded in-process (eager)
    assert default_storage.size(video.source.name) == noisy_clip.stat().st_size
    session = UploadSession.objects.get(video=video)
    assert session.backend == backend and session.status == UploadSession.Status.COMPLETE
    if backend == "s3":
        default_storage.delete(video.source.name)

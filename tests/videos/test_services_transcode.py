"""The real pipeline: ffmpeg on generated media, stored through Django's storage."""

import botocore.config
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pdsite.videos import services
from pdsite.videos.models import Rendition, Video
from pdsite.videos.services import InvalidTransition, video_transition
from pdsite.videos.storage import storage_delete_prefix
from tests.conftest import require_service

pytestmark = pytest.mark.slow


def _stored_names(prefix: str) -> list[str]:
    names = []
    folders, files = default_storage.listdir(prefix)
    names += [f"{prefix}/{f}" for f in files]
    for folder in folders:
        names += _stored_names(f"{prefix}/{folder}")
    return sorted(names)


def test_upload_becomes_ready_with_ladder_and_poster_when_source_is_a_video(ready_video, sample_clip):
    _, cues = sample_clip
    assert ready_video.status == Video.Status.READY
    assert ready_video.duration == pytest.approx(cues[-1].end, abs=0.6)
    assert (ready_video.width, ready_video.height) == (640, 360)
    assert list(ready_video.renditions.values_list("profile", flat=True)) == ["240p", "360p"]
    assert default_storage.exists(ready_video.master_playlist)
    assert default_storage.exists(ready_video.poster)
    for rendition in ready_video.renditions.all():
        assert default_storage.exists(rendition.playlist)


def test_transcoding_again_leaves_exactly_one_set_of_outputs_when_task_reruns(ready_video):
    before = _stored_names(ready_video.output_prefix)
    renditions_before = Rendition.objects.filter(video=ready_video).count()
    services.video_transcode(video_id=ready_video.pk)
    ready_video.refresh_from_db()
    assert ready_video.status == Video.Status.READY
    assert _stored_names(ready_video.output_prefix) == before
    assert Rendition.objects.filter(video=ready_video).count() == renditions_before


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"This is a lesson plan, not a video.\n" * 50, "not a video"),
    ],
)
def test_bad_upload_fails_with_reason_and_keeps_source_when_file_is_not_a_video(
    db, django_capture_on_commit_callbacks, content, reason
):
    with django_capture_on_commit_callbacks(execute=True):
        video = services.video_create(title="Oops", source=ContentFile(content, name="lesson.mp4"))
    video.refresh_from_db()
    assert video.status == Video.Status.FAILED
    assert video.failure_stage == Video.Stage.PROBE
    assert reason in video.failure_reason.lower()
    assert default_storage.exists(video.source.name), "the source must be kept for a retry"
    assert not video.renditions.exists()
    assert storage_delete_prefix(video.output_prefix) == 0, "nothing half-made may be left in storage"


def test_missing_video_is_ignored_when_task_runs_after_delete(db):
    assert services.video_transcode(video_id=999_999) is None


def test_illegal_status_change_is_refused_when_video_is_ready(ready_video):
    with pytest.raises(InvalidTransition):
        video_transition(video=ready_video, to=Video.Status.READY)


def test_video_is_failed_at_the_store_stage_and_source_kept_when_storage_goes_down(ready_video, settings):
    require_service("AWS_STORAGE_BUCKET_NAME", "The S3 server")
    source_name = ready_video.source.name
    working = settings.STORAGES
    options = dict(working["default"]["OPTIONS"], endpoint_url="http://127.0.0.1:9")
    options["client_config"] = options["client_config"].merge(
        botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=2)
    )
    settings.STORAGES = {**working, "default": {**working["default"], "OPTIONS": options}}

    video = services.video_transcode(video_id=ready_video.pk)

    assert video.status == Video.Status.FAILED
    assert video.failure_stage == Video.Stage.STORE
    assert "storage is not answering" in video.failure_reason
    settings.STORAGES = working
    assert default_storage.exists(source_name), "the source survives for a retry"

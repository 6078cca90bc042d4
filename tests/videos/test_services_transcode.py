"""The real pipeline: ffmpeg on generated media, stored through Django's storage."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pdsite.videos import services
from pdsite.videos.models import Rendition, Video
from pdsite.videos.services import InvalidTransition, video_transition
from pdsite.videos.storage import storage_delete_prefix

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

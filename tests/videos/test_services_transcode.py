"""The real pipeline: ffmpeg on generated media, stored through Django's storage."""

import subprocess
from pathlib import Path

import botocore.config
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pdsite.videos import services
from pdsite.videos.models import Rendition, Video
from pdsite.videos.pipeline.samples import make_silent_clip
from pdsite.videos.services import InvalidTransition, video_transition
from pdsite.videos.signals import video_status_changed
from pdsite.videos.storage import StorageUnavailable
from tests.conftest import require_service

pytestmark = pytest.mark.slow


def _stored_names(prefix: str) -> list[str]:
    names = []
    try:
        folders, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return []
    names += [f"{prefix}/{f}" for f in files]
    for folder in folders:
        names += _stored_names(f"{prefix}/{folder}")
    return sorted(names)


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error", *args], check=True)


def _upload(path_or_bytes, name="upload.mp4", capture=None) -> Video:
    content = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    with capture(execute=True):
        video = services.video_create(title="Upload", source=ContentFile(content, name=name))
    video.refresh_from_db()
    return video


@pytest.fixture(scope="module")
def small_clip(tmp_path_factory) -> Path:
    return make_silent_clip(tmp_path_factory.mktemp("clips") / "small.mp4", seconds=3, width=320, height=180)


@pytest.fixture
def statuses():
    seen = []

    def record(sender, video, previous, **kwargs):
        seen.append(video.status)

    video_status_changed.connect(record)
    yield seen
    video_status_changed.disconnect(record)


def test_upload_becomes_ready_with_ladder_audio_poster_and_sprite_when_source_is_a_video(ready_video, sample_clip):
    _, cues = sample_clip
    assert ready_video.status == Video.Status.READY
    assert ready_video.progress_percent == 100
    assert ready_video.duration == pytest.approx(cues[-1].end, abs=0.6)
    assert (ready_video.width, ready_video.height) == (640, 360)
    assert list(ready_video.renditions.values_list("profile", flat=True)) == ["audio", "240p", "360p"]
    audio = ready_video.renditions.get(profile="audio")
    assert audio.is_audio_only and audio.codecs == "mp4a.40.2"
    assert ready_video.renditions.get(profile="360p").codecs.startswith("avc1.")
    for name in (ready_video.master_playlist, ready_video.poster, ready_video.sprite, ready_video.thumbnails):
        assert default_storage.exists(name), name
    for rendition in ready_video.renditions.all():
        assert default_storage.exists(rendition.playlist)
    with default_storage.open(ready_video.master_playlist, "r") as handle:
        master = handle.read()
    master = master.decode() if isinstance(master, bytes) else master
    assert 'RESOLUTION=640x360,CODECS="avc1.' in master
    with default_storage.open(ready_video.thumbnails, "r") as handle:
        track = handle.read()
    track = track.decode() if isinstance(track, bytes) else track
    assert track.startswith("WEBVTT") and "sprite.jpg#xywh=0,0,160,90" in track


def test_video_is_playable_before_ready_when_transcoding(db, small_clip, django_capture_on_commit_callbacks, statuses):
    video = _upload(small_clip, capture=django_capture_on_commit_callbacks)
    assert statuses == ["probing", "transcoding", "playable", "ready"]
    assert video.is_playable and video.is_ready


def test_small_source_gets_one_video_rendition_and_audio_when_below_240p(db, small_clip, django_capture_on_commit_callbacks):
    video = _upload(small_clip, capture=django_capture_on_commit_callbacks)
    assert list(video.renditions.values_list("profile", flat=True)) == ["audio", "180p"]


def test_transcoding_again_leaves_exactly_one_set_of_outputs_when_task_reruns(ready_video):
    before = _stored_names(ready_video.output_prefix)
    renditions_before = Rendition.objects.filter(video=ready_video).count()
    services.video_transcode(video_id=ready_video.pk)
    ready_video.refresh_from_db()
    assert ready_video.status == Video.Status.READY
    assert _stored_names(ready_video.output_prefix) == before
    assert Rendition.objects.filter(video=ready_video).count() == renditions_before


def test_message_delivered_again_does_nothing_when_its_job_already_finished(ready_video, statuses):
    job = str(ready_video.transcode_job)
    services.video_transcode(video_id=ready_video.pk, job=job)
    assert statuses == []


def test_stale_message_does_nothing_when_a_newer_job_was_queued(ready_video, statuses):
    services.video_transcode(video_id=ready_video.pk, job="00000000-0000-0000-0000-000000000000")
    assert statuses == []


def test_restarts_cleanly_when_delivered_again_after_a_worker_died_mid_transcode(ready_video):
    # What a SIGKILLed worker leaves: status TRANSCODING, a half-written prefix.
    Video.objects.filter(pk=ready_video.pk).update(status=Video.Status.TRANSCODING)
    default_storage.save(f"{ready_video.output_prefix}/999p/seg_000.ts", ContentFile(b"half"))
    before = Rendition.objects.filter(video=ready_video).count()

    video = services.video_transcode(video_id=ready_video.pk, job=str(ready_video.transcode_job))

    assert video.status == Video.Status.READY
    assert not default_storage.exists(f"{ready_video.output_prefix}/999p/seg_000.ts")
    assert Rendition.objects.filter(video=ready_video).count() == before


# --- the bad-upload corpus, generated here --------------------------------------------


def _zero_byte(tmp_path, clip):
    return b""


def _text(tmp_path, clip):
    return b"This is a lesson plan, not a video.\n" * 50


def _truncated(tmp_path, clip):
    data = clip.read_bytes()
    return data[: len(data) // 2]


def _audio_only(tmp_path, clip):
    out = tmp_path / "talk.m4a"
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "aac", "-f", "mp4", str(out))
    return out.read_bytes()


def _image(tmp_path, clip):
    out = tmp_path / "slide.png"
    _ffmpeg("-f", "lavfi", "-i", "color=c=blue:s=320x180", "-frames:v", "1", str(out))
    return out.read_bytes()


@pytest.mark.parametrize(
    "make, reason",
    [
        (_zero_byte, "empty"),
        (_text, "not a video"),
        (_truncated, "incomplete"),
        (_audio_only, "only audio"),
        (_image, "still image"),
    ],
)
def test_bad_upload_fails_at_probe_with_reason_and_keeps_source_when_file_is_not_a_video(
    db, tmp_path, small_clip, django_capture_on_commit_callbacks, make, reason
):
    video = _upload(make(tmp_path, small_clip), name="lesson.mp4", capture=django_capture_on_commit_callbacks)
    assert video.status == Video.Status.FAILED
    assert video.failure_stage == Video.Stage.PROBE
    assert reason in video.failure_reason.lower()
    assert default_storage.exists(video.source.name), "the source must be kept for a retry"
    assert not video.renditions.exists()
    assert _stored_names(video.output_prefix) == [], "nothing half-made may be left in storage"


def test_upload_fails_naming_the_size_when_picture_is_larger_than_the_limit(
    db, small_clip, settings, django_capture_on_commit_callbacks
):
    settings.PDSITE_MAX_VIDEO_DIMENSION = 200
    video = _upload(small_clip, capture=django_capture_on_commit_callbacks)
    assert video.status == Video.Status.FAILED and video.failure_stage == Video.Stage.PROBE
    assert "320x180" in video.failure_reason and "200 pixels" in video.failure_reason


def test_upload_fails_naming_the_length_when_video_is_longer_than_the_limit(
    db, small_clip, settings, django_capture_on_commit_callbacks
):
    settings.PDSITE_MAX_VIDEO_SECONDS = 1
    video = _upload(small_clip, capture=django_capture_on_commit_callbacks)
    assert video.status == Video.Status.FAILED
    assert "0:03 long" in video.failure_reason and "0:01" in video.failure_reason


def test_retry_makes_a_failed_video_ready_when_the_cause_is_fixed(
    db, small_clip, settings, django_capture_on_commit_callbacks
):
    settings.PDSITE_MAX_VIDEO_DIMENSION = 200
    video = _upload(small_clip, capture=django_capture_on_commit_callbacks)
    assert video.status == Video.Status.FAILED
    settings.PDSITE_MAX_VIDEO_DIMENSION = 4096

    with django_capture_on_commit_callbacks(execute=True):
        services.video_retry(video=video)

    video.refresh_from_db()
    assert video.status == Video.Status.READY and video.failure_reason == ""


def test_retry_is_refused_when_video_is_not_failed(ready_video):
    with pytest.raises(InvalidTransition):
        services.video_retry(video=ready_video)


def test_missing_video_is_ignored_when_task_runs_after_delete(db):
    assert services.video_transcode(video_id=999_999) is None


def test_illegal_status_change_is_refused_when_video_is_ready(ready_video):
    with pytest.raises(InvalidTransition):
        video_transition(video=ready_video, to=Video.Status.READY)


def _storage_down(settings):
    working = settings.STORAGES
    options = dict(working["default"]["OPTIONS"], endpoint_url="http://127.0.0.1:9")
    options["client_config"] = options["client_config"].merge(
        botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=2)
    )
    settings.STORAGES = {**working, "default": {**working["default"], "OPTIONS": options}}
    return working


def test_storage_outage_is_raised_for_a_retry_then_succeeds_when_storage_is_back(ready_video, settings):
    require_service("AWS_STORAGE_BUCKET_NAME", "The S3 server")
    source_name = ready_video.source.name
    working = _storage_down(settings)

    with pytest.raises(StorageUnavailable):
        services.video_transcode(video_id=ready_video.pk, final_attempt=False)

    settings.STORAGES = working
    assert default_storage.exists(source_name), "the source survives"
    video = services.video_transcode(video_id=ready_video.pk)
    assert video.status == Video.Status.READY
    assert default_storage.exists(video.master_playlist)


def test_video_is_failed_at_the_store_stage_and_source_kept_when_storage_stays_down(ready_video, settings):
    require_service("AWS_STORAGE_BUCKET_NAME", "The S3 server")
    source_name = ready_video.source.name
    working = _storage_down(settings)

    video = services.video_transcode(video_id=ready_video.pk, final_attempt=True)

    assert video.status == Video.Status.FAILED
    assert video.failure_stage == Video.Stage.STORE
    assert "storage is not answering" in video.failure_reason
    settings.STORAGES = working
    assert default_storage.exists(source_name), "the source survives for a retry"


def test_video_priority_is_urgent_when_a_scheduled_page_shows_it(clip_library, ready_video):
    import datetime

    from django.utils import timezone

    from pdsite.videos.selectors import PRIORITY_NORMAL, PRIORITY_URGENT, video_priority
    from tests.factories.courses import PDVideoPageFactory

    assert video_priority(ready_video) == PRIORITY_NORMAL
    PDVideoPageFactory(
        parent=clip_library, title="Soon", slug="soon", video=ready_video, live=False,
        go_live_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert video_priority(ready_video) == PRIORITY_URGENT


def test_time_limits_grow_with_duration_when_enqueued(ready_video, settings):
    soft, hard = services.transcode_time_limits(ready_video)
    ready_video.duration = 3600
    long_soft, long_hard = services.transcode_time_limits(ready_video)
    assert soft < long_soft and hard > soft
    assert long_soft >= settings.PDSITE_TRANSCODE_TIME_FACTOR * 3600

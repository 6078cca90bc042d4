"""Resumable upload to the server in chunks (local storage, the embedded default)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from pdsite.videos.models import TranscriptSegment, UploadSession, Video
from tests.videos.upload_support import body, local_storage, upload_api  # noqa: F401

pytestmark = pytest.mark.usefixtures("local_storage")
CHUNK = 64 * 1024


def _staging(upload_id) -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads" / "partial" / f"{upload_id}.part"


@pytest.mark.slow
def test_upload_resumes_from_server_offset_and_becomes_ready_video_when_complete(
    upload_api, pd_lead, sample_clip, django_capture_on_commit_callbacks
):
    data = sample_clip[0].read_bytes()
    started = upload_api.start("bar models.mp4", len(data))
    assert started.status_code == 201, started.content
    upload = body(started)
    assert upload["backend"] == "local" and upload["offset"] == 0
    assert upload["part_count"] == -(-len(data) // CHUNK)

    for start in (0, CHUNK):
        response = upload_api.chunk(upload["id"], data[start : start + CHUNK], start, len(data))
        assert response.status_code == 200, response.content
    # The page was reloaded: the server says where to continue.
    offset = body(upload_api.state(upload["id"]))["offset"]
    assert offset == 2 * CHUNK
    # A resent chunk (its answer was lost) is refused with the offset to continue from.
    repeat = upload_api.chunk(upload["id"], data[:CHUNK], 0, len(data))
    assert repeat.status_code == 409
    assert body(repeat)["offset"] == offset
    while offset < len(data):
        offset = body(upload_api.chunk(upload["id"], data[offset : offset + CHUNK], offset, len(data)))["offset"]

    captions = SimpleUploadedFile("c.vtt", b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBar model\n")
    with django_capture_on_commit_callbacks(execute=True):
        done = upload_api.complete(upload["id"], title="Bar models", captions=captions)
    assert done.status_code == 201, done.content
    video = Video.objects.get(pk=body(done)["video_id"])
    assert video.status == Video.Status.READY, video.failure_reason
    assert video.uploaded_by == pd_lead
    assert video.source.name.endswith("/bar_models.mp4")
    assert default_storage.size(video.source.name) == len(data)
    assert TranscriptSegment.objects.filter(transcript__video=video).count() == 1
    assert not _staging(upload["id"]).exists()
    assert UploadSession.objects.get().status == UploadSession.Status.COMPLETE
    # Finishing again (a retried request) makes no second video.
    assert body(upload_api.complete(upload["id"]))["video_id"] == video.pk
    assert Video.objects.count() == 1


def test_finish_is_refused_and_upload_kept_when_bytes_are_missing(upload_api, sample_clip):
    data = sample_clip[0].read_bytes()
    upload = body(upload_api.start("clip.mp4", len(data)))
    upload_api.chunk(upload["id"], data[:CHUNK], 0, len(data))
    response = upload_api.complete(upload["id"])
    assert response.status_code == 400
    assert f"Only {CHUNK} of {len(data)} bytes have arrived" in body(response)["error"]
    assert body(upload_api.state(upload["id"]))["offset"] == CHUNK
    assert not Video.objects.exists()


@pytest.mark.parametrize(
    "content_range, data, message",
    [
        ("", b"x" * 10, "Send a Content-Range header"),
        ("bytes 0-9/99", b"x" * 10, "not 99"),
        (f"bytes 0-{CHUNK}/1000000", b"x" * (CHUNK + 1), "at most"),
        ("bytes 0-19/1000000", b"x" * 10, "holds 10 bytes"),
        ("bytes 10-5/1000000", b"x" * 10, "does not fit"),
    ],
)
def test_chunk_is_refused_with_reason_when_range_is_wrong(upload_api, content_range, data, message):
    upload = body(upload_api.start("clip.mp4", 1_000_000))
    response = upload_api.chunk(upload["id"], data, 0, 1_000_000, HTTP_CONTENT_RANGE=content_range)
    assert response.status_code == 400
    assert message in body(response)["error"]
    assert UploadSession.objects.get().offset == 0


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 500


@pytest.mark.parametrize("data", [b"Lesson plan: equivalent fractions\n" * 40, PNG], ids=["text", "png"])
def test_text_or_image_renamed_mp4_is_refused_and_its_bytes_removed(upload_api, data):
    upload = body(upload_api.start("notes.mp4", len(data)))
    upload_api.chunk(upload["id"], data, 0, len(data))
    response = upload_api.complete(upload["id"])
    assert response.status_code == 422
    assert "notes.mp4 is not a video file we recognise" in body(response)["error"]
    assert not _staging(upload["id"]).exists()
    assert UploadSession.objects.get().status == UploadSession.Status.ABORTED
    assert not Video.objects.exists()


def test_abort_deletes_the_partial_file(upload_api):
    upload = body(upload_api.start("clip.mp4", 1000))
    upload_api.chunk(upload["id"], b"\0" * 500, 0, 1000)
    response = upload_api.abort(upload["id"])
    assert response.status_code == 200 and body(response)["status"] == "aborted"
    assert not _staging(upload["id"]).exists()
    assert upload_api.chunk(upload["id"], b"\0" * 500, 500, 1000).status_code == 409


def test_chunk_larger_than_django_body_limit_is_accepted(upload_api, settings):
    # Chunks are streamed to disk, never read into request.body (limited to 2.5 MB).
    settings.PDSITE_UPLOAD_PART_BYTES = 3 * 1024**2
    data = b"\0" * (3 * 1024**2)
    upload = body(upload_api.start("clip.mp4", len(data) + 10))
    response = upload_api.chunk(upload["id"], data, 0, len(data) + 10)
    assert response.status_code == 200, response.content
    assert body(response)["offset"] == len(data)
    assert _staging(upload["id"]).stat().st_size == len(data)


def test_upload_starts_its_bytes_again_when_the_partial_file_was_removed(upload_api):
    upload = body(upload_api.start("clip.mp4", 1000))
    upload_api.chunk(upload["id"], b"\0" * 500, 0, 1000)
    _staging(upload["id"]).unlink()
    response = upload_api.chunk(upload["id"], b"\0" * 500, 500, 1000)
    assert response.status_code == 409
    assert body(response)["offset"] == 0
    assert body(upload_api.state(upload["id"]))["offset"] == 0
    assert body(upload_api.chunk(upload["id"], b"\0" * 500, 0, 1000))["offset"] == 500

"""The admin video library: uploads are checked before anything is saved."""

import botocore.config
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pdsite.videos.models import TranscriptSegment, Video
from tests.conftest import require_service

pytestmark = pytest.mark.slow
ADD_URL = reverse("video_library:add")


def test_pd_lead_upload_becomes_ready_with_captions_when_file_is_a_video(
    client, pd_lead, sample_clip, django_capture_on_commit_callbacks
):
    path, _ = sample_clip
    client.force_login(pd_lead)
    captions = SimpleUploadedFile("c.vtt", b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBar model\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD_URL,
            {"title": "Bar models", "source": SimpleUploadedFile("clip.mp4", path.read_bytes()), "captions": captions},
        )
    assert response.status_code == 302
    video = Video.objects.get()
    assert video.status == Video.Status.READY
    assert video.uploaded_by == pd_lead
    assert TranscriptSegment.objects.filter(transcript__video=video).count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The submitted file is empty."),
        (b"Lesson plan: fractions\n" * 40, "notes.mp4 is not a video file we recognise"),
        (b"Grouping by tens\n" * 40, "notes.mp4 is not a video file we recognise"),
        (b"<!doctype html><title>x</title>" * 20, "notes.mp4 is not a video file we recognise"),
        (b"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttp://127.0.0.1:9/x.ts\n", "not a video file we recognise"),
    ],
)
def test_upload_is_refused_with_message_and_nothing_saved_when_file_is_not_a_video(
    client, pd_lead, content, message
):
    client.force_login(pd_lead)
    response = client.post(ADD_URL, {"title": "Oops", "source": SimpleUploadedFile("notes.mp4", content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Video.objects.exists()


def test_upload_is_refused_with_the_limit_and_nothing_saved_when_file_is_too_large(
    client, pd_lead, sample_clip, settings
):
    path, _ = sample_clip
    settings.PDSITE_MAX_UPLOAD_BYTES = 1000
    client.force_login(pd_lead)
    response = client.post(ADD_URL, {"title": "Clip", "source": SimpleUploadedFile("clip.mp4", path.read_bytes())})
    assert response.status_code == 200
    size = path.stat().st_size / 1024
    # The resumable path's words (uploads.base.require_allowed_size), on the form.
    assert f"The file is {size:.1f} KB; the largest upload allowed is 1000 bytes." in response.content.decode()
    assert not Video.objects.exists()


def test_bad_captions_are_refused_with_the_line_when_vtt_is_malformed(client, pd_lead, sample_clip):
    path, _ = sample_clip
    client.force_login(pd_lead)
    captions = SimpleUploadedFile("c.vtt", b"WEBVTT\n\n00:00:0x.000 --> 00:00:01.000\nBroken\n")
    response = client.post(
        ADD_URL,
        {"title": "Clip", "source": SimpleUploadedFile("clip.mp4", path.read_bytes()), "captions": captions},
    )
    assert response.status_code == 200
    assert "Line 3" in response.content.decode()
    assert not Video.objects.exists()


def test_teacher_cannot_open_the_video_library(client, teacher):
    client.force_login(teacher)
    response = client.get(ADD_URL)
    assert response.status_code in (302, 403)
    assert not Video.objects.exists()


def test_upload_is_refused_and_nothing_saved_when_storage_is_down(client, pd_lead, sample_clip, settings):
    require_service("AWS_STORAGE_BUCKET_NAME", "The S3 server")
    path, _ = sample_clip
    # The same S3 settings, but an endpoint where nothing listens (port 9 on loopback).
    options = dict(settings.STORAGES["default"]["OPTIONS"], endpoint_url="http://127.0.0.1:9")
    options["client_config"] = options["client_config"].merge(
        botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=2)
    )
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": options}}
    client.force_login(pd_lead)
    response = client.post(ADD_URL, {"title": "Clip", "source": SimpleUploadedFile("clip.mp4", path.read_bytes())})
    assert response.status_code == 200
    assert "Media storage is not answering" in response.content.decode()
    assert not Video.objects.exists()

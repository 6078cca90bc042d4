"""Forged and bad requests to the upload endpoints get a 4xx with a reason, and change nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from pdsite.videos.models import UploadSession, Video
from tests.factories.users import UserFactory
from tests.videos.upload_support import UploadApi, body, local_storage, upload_api  # noqa: F401

pytestmark = pytest.mark.usefixtures("local_storage")


@pytest.mark.parametrize(
    "size, message",
    [
        (0, "The file is empty (0 bytes)"),
        (-5, "The file is empty"),
        ("12", "Send the file's size as a whole number of bytes."),
        (None, "Send the file's size"),
        (1.5, "Send the file's size"),
        (4 * 1024**3 + 1, "The file is 4.0 GB; the largest upload allowed is 4.0 GB."),
    ],
)
def test_start_is_refused_with_reason_when_size_is_zero_or_over_the_limit(upload_api, size, message):
    response = upload_api.start("clip.mp4", size)
    assert response.status_code == 400
    assert message in body(response)["error"]
    assert not UploadSession.objects.exists()


def test_limit_follows_the_setting(upload_api, settings):
    settings.PDSITE_MAX_UPLOAD_BYTES = 1000
    response = upload_api.start("clip.mp4", 1001)
    assert response.status_code == 400
    assert "the largest upload allowed is 1000 bytes" in body(response)["error"]
    assert upload_api.start("clip.mp4", 1000).status_code == 201


@pytest.mark.parametrize("filename", ["", "..", None, "/"])
def test_start_is_refused_when_file_has_no_name(upload_api, filename):
    response = upload_api.start(filename, 100)
    assert response.status_code == 400
    assert body(response)["error"] == "The file needs a name."


def test_start_keeps_only_a_safe_base_name(upload_api):
    response = upload_api.start("../../etc/pass wd.mp4", 100)
    assert UploadSession.objects.get().storage_name.endswith("/pass_wd.mp4")
    assert body(response)["filename"] == "pass_wd.mp4"


def test_start_is_refused_when_body_is_not_json(upload_api):
    response = upload_api.client.post(reverse("videos:uploads:create"), "size=5", content_type="text/plain")
    assert response.status_code == 400
    assert "must be JSON" in body(response)["error"]


def test_another_users_upload_is_unknown_to_them(upload_api, db):
    upload = body(upload_api.start("clip.mp4", 1000))
    other = UserFactory(username="otherlead", groups=["PD leads"])
    intruder = Client()
    intruder.force_login(other)
    api = UploadApi(intruder)
    for response in (
        api.state(upload["id"]),
        api.chunk(upload["id"], b"\0" * 1000, 0, 1000),
        api.complete(upload["id"]),
        api.abort(upload["id"]),
    ):
        assert response.status_code == 404
        assert "no upload with this id for you" in body(response)["error"]
    session = UploadSession.objects.get()
    assert (session.offset, session.status) == (0, UploadSession.Status.ACTIVE)
    assert not Video.objects.exists()


def test_anonymous_request_is_refused(client, db):
    response = client.post(
        reverse("videos:uploads:create"), {"filename": "a.mp4", "size": 10}, content_type="application/json"
    )
    assert response.status_code == 401
    assert body(response)["error"] == "Sign in to upload videos."


def test_teacher_may_not_upload(client, teacher):
    client.force_login(teacher)
    response = UploadApi(client).start("a.mp4", 10)
    assert response.status_code == 403
    assert body(response)["error"] == "Your account may not upload videos."
    assert not UploadSession.objects.exists()


def test_request_without_csrf_token_is_refused(pd_lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(pd_lead)
    response = UploadApi(client).start("a.mp4", 10)
    assert response.status_code == 403
    assert b"CSRF" in response.content
    assert not UploadSession.objects.exists()


def test_chunk_without_csrf_token_is_refused(pd_lead, upload_api):
    upload = body(upload_api.start("clip.mp4", 1000))
    client = Client(enforce_csrf_checks=True)
    client.force_login(pd_lead)
    response = UploadApi(client).chunk(upload["id"], b"\0" * 1000, 0, 1000)
    assert response.status_code == 403
    assert UploadSession.objects.get().offset == 0


def test_part_urls_are_refused_for_a_local_upload(upload_api):
    upload = body(upload_api.start("clip.mp4", 1000))
    response = upload_api.presign(upload["id"], [1])
    assert response.status_code == 400
    assert "no part URLs" in body(response)["error"]


def test_finish_without_title_is_refused_and_upload_kept(upload_api):
    upload = body(upload_api.start("clip.mp4", 1000))
    response = upload_api.complete(upload["id"], title="  ")
    assert response.status_code == 400
    assert body(response)["error"] == "Give the video a title."
    assert UploadSession.objects.get().status == UploadSession.Status.ACTIVE


def test_finish_with_malformed_captions_is_refused_and_upload_kept(upload_api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = body(upload_api.start("clip.mp4", 1000))
    captions = SimpleUploadedFile("c.vtt", b"WEBVTT\n\n00:00:0x.000 --> 00:00:01.000\nBroken\n")
    response = upload_api.complete(upload["id"], captions=captions)
    assert response.status_code == 400
    assert body(response)["error"].startswith("Captions: Line 3")
    assert UploadSession.objects.get().status == UploadSession.Status.ACTIVE

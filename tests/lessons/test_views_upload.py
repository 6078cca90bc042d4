"""Finishing a resumable upload from Record a lesson (`lessons:upload_complete`, what upload.js
posts the form to when every byte has arrived): only the upload's starter, the form's fields
checked (a refusal keeps the upload open to finish once fixed), then a private recording."""

import json

import pytest
from django.urls import reverse

from pdsite.lessons.models import Recording
from pdsite.videos.models import UploadSession
from tests.videos.upload_support import UploadApi, body, local_storage  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_storage")]
CHUNK = 64 * 1024
FIELDS = {"title": "Y8 ratio tables", "year_group": "8", "recorded_on": "2026-11-02", "consent": "on"}


def _start(client, size=1000):
    response = client.post(
        reverse("videos:uploads:create"),
        {"filename": "lesson.mp4", "size": size, "purpose": "recording", "fields": {"consent": "on"}},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return body(response)


def _finish(client, upload_id, **data):
    return client.post(reverse("lessons:upload_complete", args=[upload_id]), data)


def test_the_upload_names_the_recordings_page_as_where_it_finishes(ls, sign_in):
    state = _start(sign_in(ls.people.ect))
    assert state["urls"]["complete"] == reverse("lessons:upload_complete", args=[state["id"]])


def test_only_the_starter_finishes_it(ls, sign_in, client):
    state = _start(sign_in(ls.people.ect))
    client.logout()
    assert _finish(client, state["id"], **FIELDS).status_code == 401
    response = _finish(sign_in(ls.people.mentor), state["id"], **FIELDS)
    assert response.status_code == 404 and "no upload with this id" in json.loads(response.content)["error"]
    assert UploadSession.objects.get().status == UploadSession.Status.ACTIVE


@pytest.mark.parametrize(
    ("missing", "message"),
    [("consent", "Confirm the school's consent statement"), ("title", "Title: This field is required.")],
)
def test_a_field_to_fix_is_said_and_the_upload_stays_open(ls, sign_in, missing, message):
    client = sign_in(ls.people.ect)
    state = _start(client)
    data = {k: v for k, v in FIELDS.items() if k != missing}
    response = _finish(client, state["id"], **data)
    answer = json.loads(response.content)
    assert response.status_code == 400 and message in answer["error"] and missing in answer["errors"]
    assert UploadSession.objects.get().status == UploadSession.Status.ACTIVE and not Recording.objects.exists()


def test_bytes_still_missing_are_said(ls, sign_in):
    client = sign_in(ls.people.ect)
    state = _start(client)
    response = _finish(client, state["id"], **FIELDS)
    assert response.status_code in (400, 409) and json.loads(response.content)["error"]
    assert not Recording.objects.exists()


@pytest.mark.slow
def test_every_byte_there_it_becomes_a_private_recording_and_opens_its_page(
    ls, sign_in, sample_clip, django_capture_on_commit_callbacks
):
    data = sample_clip[0].read_bytes()
    client = sign_in(ls.people.ect)
    state = _start(client, size=len(data))
    api = UploadApi(client)
    for offset in range(0, len(data), CHUNK):
        assert api.chunk(state["id"], data[offset:offset + CHUNK], offset, len(data)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _finish(client, state["id"], **FIELDS, small_step="Share in a ratio")
    assert response.status_code == 201, response.content
    recording = Recording.objects.get()
    assert json.loads(response.content)["redirect_url"] == reverse("lessons:recording", args=[recording.pk])
    assert recording.owner == ls.people.ect and recording.video.private and recording.small_step == "Share in a ratio"
    page = client.get(reverse("lessons:recording", args=[recording.pk]))
    assert page.status_code == 200 and "uploaded; it is being prepared" in page.content.decode()

"""Resumable upload straight to the bucket with S3 multipart and presigned part URLs (real s3proxy)."""

import urllib.error

import pytest
from django.core.files.storage import default_storage

from pdsite.videos.models import UploadSession, Video
from tests.conftest import require_service
from tests.videos.upload_support import TEXT_AS_MP4, body, large_clip, put_part, upload_api  # noqa: F401

PART = 5 * 1024**2


@pytest.fixture(autouse=True)
def _s3(settings):
    require_service("AWS_STORAGE_BUCKET_NAME", "The S3 server")
    settings.PDSITE_UPLOAD_PART_BYTES = PART


def _multipart_uploads(key: str) -> list:
    client = default_storage.connection.meta.client
    uploads = client.list_multipart_uploads(Bucket=default_storage.bucket_name, Prefix=key).get("Uploads", [])
    return [u for u in uploads if u["Key"] == key]


def _send(upload_api, upload, data: bytes, numbers: list[int]) -> None:
    urls = body(upload_api.presign(upload["id"], numbers))["urls"]
    for number in numbers:
        assert put_part(urls[str(number)], data[(number - 1) * PART : number * PART]) == 200


@pytest.mark.service
def test_parts_go_to_bucket_resume_from_listed_parts_and_video_is_created(
    upload_api, pd_lead, large_clip, django_capture_on_commit_callbacks
):
    data = large_clip.read_bytes()
    started = upload_api.start("workshop.mp4", len(data))
    assert started.status_code == 201, started.content
    upload = body(started)
    assert upload["backend"] == "s3" and upload["part_count"] == 2 and upload["parts"] == []

    _send(upload_api, upload, data, [1])
    # After a reload the browser asks which parts are there and sends only the rest.
    assert body(upload_api.state(upload["id"]))["parts"] == [{"number": 1, "size": PART}]
    _send(upload_api, upload, data, [2])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = upload_api.complete(upload["id"], title="Workshop")
    assert done.status_code == 201, done.content
    assert len(callbacks) == 1  # the transcode is queued once the row is committed
    video = Video.objects.get(pk=body(done)["video_id"])
    assert (video.title, video.status, video.uploaded_by) == ("Workshop", Video.Status.UPLOADED, pd_lead)
    assert video.source.name == UploadSession.objects.get().storage_name
    assert default_storage.size(video.source.name) == len(data)
    with default_storage.open(video.source.name, "rb") as stored:
        assert stored.read() == data
    assert _multipart_uploads(video.source.name) == []
    default_storage.delete(video.source.name)


@pytest.mark.service
@pytest.mark.parametrize(
    "numbers, message",
    [
        ([0], "Part number 0 is not valid; this upload has parts 1 to 2."),
        ([3], "Part number 3 is not valid"),
        (["1"], "Part number '1' is not valid"),
        ([], "at least one part number"),
        ("1", "at least one part number"),
        (list(range(1, 102)), "at most 100 parts"),
    ],
)
def test_presign_is_refused_with_reason_when_part_numbers_are_wrong(upload_api, numbers, message):
    upload = body(upload_api.start("workshop.mp4", PART + 1))
    response = upload_api.presign(upload["id"], numbers)
    assert response.status_code == 400
    assert message in body(response)["error"]
    upload_api.abort(upload["id"])


@pytest.mark.service
def test_finish_is_refused_and_upload_kept_when_a_part_is_missing(upload_api, large_clip):
    data = large_clip.read_bytes()
    upload = body(upload_api.start("workshop.mp4", len(data)))
    _send(upload_api, upload, data, [1])
    response = upload_api.complete(upload["id"])
    assert response.status_code == 400
    assert "Parts [2] have not arrived yet" in body(response)["error"]
    assert UploadSession.objects.get().status == UploadSession.Status.ACTIVE
    _send(upload_api, upload, data, [2])  # it can still be finished
    assert upload_api.complete(upload["id"]).status_code == 201
    default_storage.delete(Video.objects.get().source.name)


@pytest.mark.service
def test_text_renamed_mp4_is_refused_and_nothing_left_in_the_bucket(upload_api):
    upload = body(upload_api.start("notes.mp4", len(TEXT_AS_MP4)))
    _send(upload_api, upload, TEXT_AS_MP4, [1])
    response = upload_api.complete(upload["id"])
    assert response.status_code == 422
    assert "notes.mp4 is not a video file we recognise" in body(response)["error"]
    key = UploadSession.objects.get().storage_name
    assert not default_storage.exists(key)
    assert _multipart_uploads(key) == []
    assert UploadSession.objects.get().status == UploadSession.Status.ABORTED
    assert not Video.objects.exists()


@pytest.mark.service
def test_abort_removes_the_multipart_upload_and_its_parts(upload_api, large_clip):
    data = large_clip.read_bytes()
    upload = body(upload_api.start("workshop.mp4", len(data)))
    _send(upload_api, upload, data, [1])
    key = UploadSession.objects.get().storage_name
    assert len(_multipart_uploads(key)) == 1
    assert upload_api.abort(upload["id"]).status_code == 200
    assert _multipart_uploads(key) == []
    assert upload_api.presign(upload["id"], [2]).status_code == 409


@pytest.mark.service
def test_finish_still_creates_the_video_when_s3_completed_it_but_pdsite_did_not_record_it(upload_api, large_clip):
    data = large_clip.read_bytes()
    upload = body(upload_api.start("workshop.mp4", len(data)))
    _send(upload_api, upload, data, [1, 2])
    session = UploadSession.objects.get()
    client = default_storage.connection.meta.client
    parts = client.list_parts(Bucket=default_storage.bucket_name, Key=session.storage_name, UploadId=session.s3_upload_id)
    client.complete_multipart_upload(
        Bucket=default_storage.bucket_name,
        Key=session.storage_name,
        UploadId=session.s3_upload_id,
        MultipartUpload={"Parts": [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in parts["Parts"]]},
    )
    response = upload_api.complete(upload["id"])
    assert response.status_code == 201, response.content
    assert Video.objects.get().source.name == session.storage_name
    default_storage.delete(session.storage_name)



def _put_status(url: str, data: bytes) -> int:
    try:
        return put_part(url, data)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.service
def test_part_url_refuses_a_body_longer_or_shorter_than_its_part(upload_api):
    size = PART + 100  # part 1: PART bytes; part 2, the last: 100
    upload = body(upload_api.start("workshop.mp4", size))
    urls = body(upload_api.presign(upload["id"], [1, 2]))["urls"]
    assert _put_status(urls["2"], b"\0" * 1000) == 403  # the last part may not grow
    assert _put_status(urls["2"], b"\0" * 99) == 403
    assert _put_status(urls["1"], b"\0" * (PART + 1)) == 403
    assert _sent_parts(upload_api, upload) == []  # S3 stored nothing of the refused bodies
    assert _put_status(urls["2"], b"\0" * 100) == 200
    assert _sent_parts(upload_api, upload) == [{"number": 2, "size": 100}]
    upload_api.abort(upload["id"])


@pytest.mark.service
def test_part_numbers_stop_at_the_last_part_of_the_declared_size(upload_api, settings):
    settings.PDSITE_MAX_UPLOAD_BYTES = 3 * PART
    too_big = upload_api.start("workshop.mp4", 3 * PART + 1)
    assert too_big.status_code == 400
    assert "the largest upload allowed is 15.0 MB" in body(too_big)["error"]
    upload = body(upload_api.start("workshop.mp4", 3 * PART))
    assert upload["part_count"] == 3
    response = upload_api.presign(upload["id"], [4])
    assert response.status_code == 400
    assert "this upload has parts 1 to 3" in body(response)["error"]
    upload_api.abort(upload["id"])


def _sent_parts(upload_api, upload) -> list:
    return body(upload_api.state(upload["id"]))["parts"]

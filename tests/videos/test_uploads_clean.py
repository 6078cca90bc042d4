"""Abandoned uploads are aborted and leave nothing half-made in storage."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from pdsite.videos.uploads import services as uploads
from pdsite.videos.models import UploadSession
from tests.conftest import require_service
from tests.videos.upload_support import body, local_storage, put_part, upload_api  # noqa: F401


def _age(upload_id, hours: float) -> None:
    UploadSession.objects.filter(pk=upload_id).update(updated_at=timezone.now() - timedelta(hours=hours))


def test_expired_local_upload_is_aborted_and_stray_files_removed(upload_api, local_storage, capsys):  # noqa: F811
    stale = body(upload_api.start("old.mp4", 1000))
    fresh = body(upload_api.start("new.mp4", 1000))
    upload_api.chunk(stale["id"], b"\0" * 500, 0, 1000)
    _age(stale["id"], 25)
    staging = Path(settings.MEDIA_ROOT) / "uploads" / "partial"
    stray = staging / "left-by-a-crash.part"
    stray.write_bytes(b"\0")
    old = (timezone.now() - timedelta(hours=25)).timestamp()
    os.utime(stray, (old, old))

    call_command("clean_uploads")

    assert "Aborted 1 abandoned upload(s), 0 stray S3 multipart upload(s) and 1 stray staging file(s)." in (
        capsys.readouterr().out
    )
    assert UploadSession.objects.get(pk=stale["id"]).status == UploadSession.Status.ABORTED
    assert UploadSession.objects.get(pk=fresh["id"]).status == UploadSession.Status.ACTIVE
    assert sorted(p.name for p in staging.iterdir()) == [f"{fresh['id']}.part"]


@pytest.mark.service
def test_expired_s3_upload_and_stray_multipart_uploads_are_aborted_and_fresh_one_kept(upload_api):
    require_service("AWS_STORAGE_BUCKET_NAME", "The S3 server")
    client, bucket = default_storage.connection.meta.client, default_storage.bucket_name
    stale = body(upload_api.start("old.mp4", 1000))
    urls = body(upload_api.presign(stale["id"], [1]))["urls"]
    put_part(urls["1"], b"\0" * 1000)
    _age(stale["id"], 25)
    fresh = body(upload_api.start("new.mp4", 1000))
    # A multipart upload no session knows about (a crash between S3 and the database).
    orphan = client.create_multipart_upload(Bucket=bucket, Key=f"{uploads.SOURCE_PREFIX}/orphan/x.mp4")

    report = uploads.upload_clean_expired()

    assert report.sessions == 1 and report.orphan_s3_uploads >= 1
    left = client.list_multipart_uploads(Bucket=bucket, Prefix=f"{uploads.SOURCE_PREFIX}/").get("Uploads", [])
    fresh_session = UploadSession.objects.get(pk=fresh["id"])
    left_ids = {u["UploadId"] for u in left}
    stale_id = UploadSession.objects.get(pk=stale["id"]).s3_upload_id
    assert fresh_session.s3_upload_id in left_ids
    assert not left_ids & {stale_id, orphan["UploadId"]}
    assert fresh_session.status == UploadSession.Status.ACTIVE
    assert UploadSession.objects.get(pk=stale["id"]).status == UploadSession.Status.ABORTED
    upload_api.abort(fresh["id"])


def test_the_daily_beat_task_runs_the_same_clean_up(upload_api, local_storage):  # noqa: F811
    from pdsite.videos.tasks import uploads_clean_expired_task

    stale = body(upload_api.start("old.mp4", 1000))
    _age(stale["id"], 25)

    assert uploads_clean_expired_task.delay().get() == "1 upload(s), 0 S3 multipart upload(s), 0 file(s)"
    assert UploadSession.objects.get(pk=stale["id"]).status == UploadSession.Status.ABORTED
    assert "videos-clean-expired-uploads" in settings.CELERY_BEAT_SCHEDULE

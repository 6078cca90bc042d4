"""Resumable uploads of large video files, and the Video they become.

Two ways in, chosen by the storage:
- S3 (AWS_STORAGE_BUCKET_NAME set): the browser sends parts straight to the bucket with an S3
  multipart upload; pdsite starts it, presigns part URLs, lists the parts already there (for
  resuming) and completes or aborts it. No video bytes pass through pdsite.
- Local disk (the embedded default): the browser sends chunks to pdsite, appended at the
  session's offset to a staging file; resuming asks for the offset.

Completion checks what is cheap (size, a container signature in the first bytes) and creates
the Video; ffprobe's full check runs in the transcode. `upload_clean_expired` removes what
abandoned uploads left behind.
"""

import logging
import os
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from .models import UploadSession, Video
from .pipeline.vtt import CaptionsError, parse_vtt
from .services import transcript_import
from .storage import storage_errors_as_unavailable

logger = logging.getLogger(__name__)

S3_MIN_PART_BYTES = 5 * 1024**2  # S3's floor for every part but the last
S3_MAX_PARTS = 10_000
MAX_PARTS_PER_PRESIGN = 100
PART_URL_SECONDS = 3600
SNIFF_BYTES = 512
SOURCE_PREFIX = "videos/sources"


class UploadError(Exception):
    """The request cannot be honoured; the message is fit to show the uploader."""

    status = 400


class UploadConflict(UploadError):
    """The chunk does not start where the upload stands; `offset` says where it does."""

    status = 409

    def __init__(self, message: str, *, offset: int):
        super().__init__(message)
        self.offset = offset


class UploadNotFound(UploadError):
    status = 404


class UploadClosed(UploadError):
    status = 409


class UploadRefused(UploadError):
    """The file itself is not acceptable; its bytes have been removed."""

    status = 422


# --- which storage --------------------------------------------------------------------


def upload_backend() -> str:
    from storages.backends.s3 import S3Storage

    return UploadSession.Backend.S3 if isinstance(default_storage, S3Storage) else UploadSession.Backend.LOCAL


def _s3():
    """(client, bucket) of the default storage; only called on the S3 backend."""
    return default_storage.connection.meta.client, default_storage.bucket_name


def _staging_path(session: UploadSession) -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads" / "partial" / f"{session.pk}.part"


def _part_size(size: int, backend: str) -> int:
    part = settings.PDSITE_UPLOAD_PART_BYTES
    if backend == UploadSession.Backend.S3:
        part = max(part, S3_MIN_PART_BYTES, -(-size // S3_MAX_PARTS))
    return part


def _human(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"


# --- starting, resuming, sending --------------------------------------------------------


def upload_start(*, user, filename: str, size: int) -> UploadSession:
    """Start an upload of `size` bytes. Raises UploadError for an empty or too large file."""
    try:
        filename = get_valid_filename(Path(str(filename or "")).name)[:200]
    except SuspiciousFileOperation:
        raise UploadError("The file needs a name.")
    if not isinstance(size, int) or isinstance(size, bool):
        raise UploadError("Send the file's size as a whole number of bytes.")
    if size <= 0:
        raise UploadError("The file is empty (0 bytes); choose the recording itself.")
    limit = settings.PDSITE_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadError(f"The file is {_human(size)}; the largest upload allowed is {_human(limit)}.")
    backend = upload_backend()
    session = UploadSession(
        user=user,
        filename=filename,
        size=size,
        part_size=_part_size(size, backend),
        backend=backend,
        storage_name=f"{SOURCE_PREFIX}/{uuid.uuid4().hex}/{filename}",
    )
    # The row comes first, so the cleaner never takes a just-started upload for a stray one.
    session.save()
    try:
        if backend == UploadSession.Backend.S3:
            client, bucket = _s3()
            with storage_errors_as_unavailable():
                created = client.create_multipart_upload(Bucket=bucket, Key=session.storage_name)
            session.s3_upload_id = created["UploadId"]
            session.save(update_fields=["s3_upload_id", "updated_at"])
        else:
            path = _staging_path(session)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
    except BaseException:
        session.delete()
        raise
    return session


def upload_get_for_user(*, user, upload_id) -> UploadSession:
    """The user's own active upload; anyone else's id reads as unknown (UploadError, 404)."""
    try:
        session = UploadSession.objects.filter(pk=upload_id, user=user).first()
    except (ValueError, ValidationError):  # not a UUID
        session = None
    if session is None:
        raise UploadNotFound("There is no upload with this id for you; start the upload again.")
    return session


def _require_active(session: UploadSession) -> None:
    if session.status != UploadSession.Status.ACTIVE:
        raise UploadClosed(f"This upload is already {session.get_status_display().lower()}.")


def upload_uploaded_parts(*, session: UploadSession) -> list[dict]:
    """The parts already in the bucket, [{"number", "size"}], so a browser can resume."""
    client, bucket = _s3()
    parts: list[dict] = []
    marker = 0
    with storage_errors_as_unavailable():
        while True:
            try:
                page = client.list_parts(
                    Bucket=bucket, Key=session.storage_name, UploadId=session.s3_upload_id, PartNumberMarker=marker
                )
            except client.exceptions.NoSuchUpload:
                raise UploadClosed("This upload is no longer open on S3 (it expired); start it again.")
            parts += [{"number": p["PartNumber"], "size": p["Size"], "etag": p["ETag"]} for p in page.get("Parts", [])]
            if not page.get("IsTruncated"):
                return parts
            marker = page["NextPartNumberMarker"]


def upload_state(*, session: UploadSession) -> dict:
    """What a browser needs to start or resume: sizes, and the parts or offset done so far."""
    state = {
        "id": str(session.pk),
        "backend": session.backend,
        "status": session.status,
        "filename": session.filename,
        "size": session.size,
        "part_size": session.part_size,
        "part_count": session.part_count,
    }
    if session.status != UploadSession.Status.ACTIVE:
        return state
    if session.backend == UploadSession.Backend.S3:
        state["parts"] = [{"number": p["number"], "size": p["size"]} for p in upload_uploaded_parts(session=session)]
    else:
        state["offset"] = session.offset
    return state


def upload_presign_parts(*, session: UploadSession, part_numbers: list) -> dict[int, str]:
    """Presigned PUT URLs for the given part numbers (1..part_count, at most 100 at once)."""
    _require_active(session)
    if session.backend != UploadSession.Backend.S3:
        raise UploadError("This upload goes to the server in chunks; there are no part URLs.")
    if not isinstance(part_numbers, list) or not part_numbers:
        raise UploadError("Ask for at least one part number.")
    if len(part_numbers) > MAX_PARTS_PER_PRESIGN:
        raise UploadError(f"Ask for at most {MAX_PARTS_PER_PRESIGN} parts at a time.")
    count = session.part_count
    for number in part_numbers:
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= count:
            raise UploadError(f"Part number {number!r} is not valid; this upload has parts 1 to {count}.")
    client, bucket = _s3()
    urls = {}
    with storage_errors_as_unavailable():
        for number in part_numbers:
            # Only the host is signed: no checksum or content headers the browser must repeat.
            urls[number] = client.generate_presigned_url(
                "upload_part",
                Params={
                    "Bucket": bucket,
                    "Key": session.storage_name,
                    "UploadId": session.s3_upload_id,
                    "PartNumber": number,
                },
                ExpiresIn=PART_URL_SECONDS,
            )
    UploadSession.objects.filter(pk=session.pk).update(updated_at=timezone.now())
    return urls


CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def upload_write_chunk(*, session: UploadSession, content_range: str, stream, length: int | None) -> int:
    """Append one chunk (local backend) and return the new offset.

    `content_range` is "bytes START-END/TOTAL" (END inclusive). A chunk must start at the
    current offset (else UploadConflict with the offset to continue from), be at most
    part_size bytes, and hold exactly the bytes it announces. Locks the session row, so two
    tabs sending the same upload cannot interleave.
    """
    if session.backend != UploadSession.Backend.LOCAL:
        raise UploadError("This upload goes straight to S3; send its parts to the presigned URLs.")
    match = CONTENT_RANGE.match(content_range or "")
    if not match:
        raise UploadError('Send a Content-Range header like "bytes 0-1048575/5000000".')
    start, end, total = (int(g) for g in match.groups())
    if total != session.size:
        raise UploadError(f"This upload is {session.size} bytes, not {total}.")
    if end < start or end >= total:
        raise UploadError("The Content-Range does not fit in the file.")
    expected = end - start + 1
    if expected > session.part_size:
        raise UploadError(f"Send at most {session.part_size} bytes per chunk.")
    if length is not None and length != expected:
        raise UploadError(f"The chunk holds {length} bytes but its Content-Range says {expected}.")
    with transaction.atomic():
        session = UploadSession.objects.select_for_update().get(pk=session.pk)
        _require_active(session)
        path = _staging_path(session)
        if session.offset and not path.exists():
            # The partial file is gone (disk cleaned by hand): the bytes must come again.
            session.offset = 0
            session.save(update_fields=["offset", "updated_at"])
        if start != session.offset:
            conflict = session.offset
        else:
            conflict = None
            written = _append(path, start, expected, stream)
            if written == expected:
                session.offset = start + written
                session.save(update_fields=["offset", "updated_at"])
    if conflict is not None:
        raise UploadConflict(f"The upload stands at byte {conflict}; continue from there.", offset=conflict)
    if written != expected:
        raise UploadError(f"The chunk ended after {written} of {expected} bytes; send it again.")
    return session.offset


def _append(path: Path, start: int, expected: int, stream) -> int:
    """Write up to `expected` bytes from `stream` at `start`; a short chunk leaves nothing."""
    written = 0
    with open(path, "r+b" if path.exists() else "wb") as staging:
        staging.seek(start)
        while written < expected:
            block = stream.read(min(1024 * 1024, expected - written))
            if not block:
                break
            staging.write(block)
            written += len(block)
    if written != expected:
        # Connection dropped mid-chunk: keep nothing of it, the offset stays where it was.
        with open(path, "r+b") as staging:
            staging.truncate(start)
    return written


# --- finishing ----------------------------------------------------------------------------


def _looks_like_video(head: bytes) -> bool:
    """True when the first bytes carry a video container's signature."""
    if len(head) >= 12 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
        return True  # MP4, MOV, M4V, 3GP
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return True  # Matroska, WebM
    if head.startswith(b"RIFF") and head[8:11] == b"AVI":
        return True
    if head.startswith(b"\x00\x00\x01\xba") or head.startswith(b"\x00\x00\x01\xb3"):
        return True  # MPEG program stream
    if head[:1] == b"\x47" and (len(head) < 189 or head[188:189] == b"\x47"):
        return True  # MPEG transport stream: a sync byte every 188
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return True  # ASF, WMV
    return head.startswith((b"FLV", b"OggS"))


NOT_A_VIDEO = (
    "{name} is not a video file we recognise (it does not start like an MP4, MOV, WebM, MKV, AVI "
    "or MPEG recording). Export the recording as MP4 and upload that."
)


def _finish_s3(session: UploadSession) -> None:
    client, bucket = _s3()
    try:
        parts = upload_uploaded_parts(session=session)
    except UploadClosed as error:
        parts, closed = [], error
    else:
        closed = None
    # Completed on S3 but not recorded here (the database step failed last time): carry on.
    already_complete = not parts and _s3_object_size(session) == session.size
    if not already_complete:
        if closed:
            raise closed
        _complete_s3_parts(session, parts)
    with storage_errors_as_unavailable():
        head = client.get_object(Bucket=bucket, Key=session.storage_name, Range=f"bytes=0-{SNIFF_BYTES - 1}")[
            "Body"
        ].read()
    if not _looks_like_video(head):
        with storage_errors_as_unavailable():
            client.delete_object(Bucket=bucket, Key=session.storage_name)
        raise UploadRefused(NOT_A_VIDEO.format(name=session.filename))


def _s3_object_size(session: UploadSession) -> int | None:
    client, bucket = _s3()
    with storage_errors_as_unavailable():
        try:
            return client.head_object(Bucket=bucket, Key=session.storage_name)["ContentLength"]
        except client.exceptions.ClientError:
            return None


def _complete_s3_parts(session: UploadSession, parts: list[dict]) -> None:
    client, bucket = _s3()
    numbers = [p["number"] for p in parts]
    if numbers != list(range(1, session.part_count + 1)):
        missing = sorted(set(range(1, session.part_count + 1)) - set(numbers))
        raise UploadError(f"Parts {missing[:10]} have not arrived yet; send them, then finish.")
    received = sum(p["size"] for p in parts)
    if received != session.size:
        raise UploadError(f"The parts hold {received} bytes but the file is {session.size}; send them again.")
    with storage_errors_as_unavailable():
        client.complete_multipart_upload(
            Bucket=bucket,
            Key=session.storage_name,
            UploadId=session.s3_upload_id,
            MultipartUpload={"Parts": [{"PartNumber": p["number"], "ETag": p["etag"]} for p in parts]},
        )


def _finish_local(session: UploadSession) -> None:
    path = _staging_path(session)
    if session.offset != session.size or not path.exists() or path.stat().st_size != session.size:
        raise UploadError(f"Only {session.offset} of {session.size} bytes have arrived; send the rest, then finish.")
    with open(path, "rb") as staging:
        head = staging.read(SNIFF_BYTES)
    if not _looks_like_video(head):
        path.unlink(missing_ok=True)
        raise UploadRefused(NOT_A_VIDEO.format(name=session.filename))
    with storage_errors_as_unavailable():
        try:
            destination = Path(default_storage.path(session.storage_name))
        except NotImplementedError:
            destination = None
        if destination is not None:
            # Same disk: a rename, not a multi-gigabyte copy.
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, destination)
        else:
            with open(path, "rb") as staging:
                session.storage_name = default_storage.save(session.storage_name, File(staging))
            path.unlink()


def video_create_from_storage(*, title: str, source_name: str, uploaded_by=None) -> Video:
    """Create a Video for a file already in storage and queue its transcode after commit."""
    from .tasks import video_transcode_task

    video = Video(title=title, uploaded_by=uploaded_by)
    video.source.name = source_name
    video.save()
    transaction.on_commit(lambda: video_transcode_task.delay(video.pk))
    return video


def upload_complete(*, session: UploadSession, title: str, captions: str | None = None) -> Video:
    """Check the finished file, move it into place and create its Video (queued for transcoding).

    `captions` (WebVTT text, optional) becomes the video's transcript. Raises UploadError for
    a missing title, bad captions, or missing parts or bytes (the upload stays open to
    finish), and UploadRefused when the file is not a video (the upload is closed and its
    bytes removed). Completing an already-completed upload returns its Video, so a retried
    request makes no second one.
    """
    title = (title or "").strip()
    if not title:
        raise UploadError("Give the video a title.")
    if captions:
        try:
            parse_vtt(captions)  # checked before any bytes move, so a fix loses nothing
        except CaptionsError as error:
            raise UploadError(f"Captions: {error}")
    try:
        with transaction.atomic():
            session = UploadSession.objects.select_for_update().get(pk=session.pk)
            if session.status == UploadSession.Status.COMPLETE and session.video_id:
                return session.video
            _require_active(session)
            if session.backend == UploadSession.Backend.S3:
                _finish_s3(session)
            else:
                _finish_local(session)
            video = video_create_from_storage(
                title=title, source_name=session.storage_name, uploaded_by=session.user
            )
            if captions:
                transcript_import(video=video, vtt_text=captions)
            session.status = UploadSession.Status.COMPLETE
            session.video = video
            session.save(update_fields=["status", "video", "storage_name", "updated_at"])
    except UploadRefused:
        # The refused file's bytes are gone; close the session so it cannot be finished again.
        UploadSession.objects.filter(pk=session.pk).update(
            status=UploadSession.Status.ABORTED, updated_at=timezone.now()
        )
        raise
    return video


def upload_abort(*, session: UploadSession) -> None:
    """Stop an upload and delete every byte it sent. Aborting twice is harmless."""
    with transaction.atomic():
        session = UploadSession.objects.select_for_update().get(pk=session.pk)
        if session.status != UploadSession.Status.ACTIVE:
            return
        _discard(session)
        session.status = UploadSession.Status.ABORTED
        session.save(update_fields=["status", "updated_at"])


def _discard(session: UploadSession) -> None:
    if session.backend == UploadSession.Backend.S3:
        client, bucket = _s3()
        with storage_errors_as_unavailable():
            try:
                client.abort_multipart_upload(Bucket=bucket, Key=session.storage_name, UploadId=session.s3_upload_id)
            except client.exceptions.NoSuchUpload:
                pass
    else:
        _staging_path(session).unlink(missing_ok=True)


# --- abandoned uploads --------------------------------------------------------------------


@dataclass
class CleanReport:
    sessions: int = 0
    orphan_s3_uploads: int = 0
    orphan_files: int = 0


def upload_clean_expired(*, older_than: timedelta | None = None) -> CleanReport:
    """Abort uploads untouched for PDSITE_UPLOAD_EXPIRY_HOURS and remove their bytes.

    Also aborts S3 multipart uploads under the sources prefix whose key no active session
    owns, and deletes old local staging files no active session owns (left by a crash), so
    nothing half-made stays in storage.
    Completed sessions are kept (they link an upload to its video); aborted ones are deleted.
    """
    if older_than is None:
        older_than = timedelta(hours=settings.PDSITE_UPLOAD_EXPIRY_HOURS)
    cutoff = timezone.now() - older_than
    report = CleanReport()
    for session in UploadSession.objects.filter(status=UploadSession.Status.ACTIVE, updated_at__lt=cutoff):
        try:
            upload_abort(session=session)
        except Exception:
            logger.exception("upload %s: could not abort", session.pk)
            continue
        report.sessions += 1
    UploadSession.objects.filter(status=UploadSession.Status.ABORTED, updated_at__lt=cutoff).delete()

    active = UploadSession.objects.filter(status=UploadSession.Status.ACTIVE)
    if upload_backend() == UploadSession.Backend.S3:
        # Keys, not upload ids or ages: a session's row (with its key) is saved before its
        # multipart upload starts, and some S3 servers report no real "Initiated" time.
        known = set(active.values_list("storage_name", flat=True))
        client, bucket = _s3()
        with storage_errors_as_unavailable():
            paginator = client.get_paginator("list_multipart_uploads")
            for page in paginator.paginate(Bucket=bucket, Prefix=f"{SOURCE_PREFIX}/"):
                for stale in page.get("Uploads", []):
                    if stale["Key"] in known:
                        continue
                    client.abort_multipart_upload(Bucket=bucket, Key=stale["Key"], UploadId=stale["UploadId"])
                    report.orphan_s3_uploads += 1
    staging_dir = Path(settings.MEDIA_ROOT) / "uploads" / "partial"
    if staging_dir.is_dir():
        known_files = {f"{pk}.part" for pk in active.values_list("pk", flat=True)}
        for path in staging_dir.iterdir():
            if path.name not in known_files and path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
                report.orphan_files += 1
    return report

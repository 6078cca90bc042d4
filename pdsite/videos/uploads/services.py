"""Resumable uploads of large video files, and the Video they become.

Where the bytes go while an upload is open is the backend's business (`backends` chooses
S3 multipart or local chunks once, when the upload starts; the session remembers which).
This module holds what every upload shares: the checks on starting, the session's life
(active -> complete or aborted), completion (the backend's cheap checks, then the Video,
whose full ffprobe check runs in the transcode) and the daily clean of abandoned uploads.

Imports: services of `pdsite.videos` (the Video) and of `transcripts` (captions sent with
the file); nothing imports this but the upload views, the tasks and the clean command.
"""

import logging
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from ..models import UploadSession, Video
from ..pipeline.vtt import CaptionsError, parse_vtt
from ..services import video_create_from_storage
from ..transcripts.services import transcript_import
from .backends import backend_for, current_backend, sweeping_backends
from .base import SOURCE_PREFIX, CleanReport, require_active, require_allowed_size
from .errors import UploadError, UploadNotFound, UploadRefused

logger = logging.getLogger(__name__)

__all__ = [
    "SOURCE_PREFIX",
    "CleanReport",
    "upload_abort",
    "upload_clean_expired",
    "upload_complete",
    "upload_get_for_user",
    "upload_presign_parts",
    "upload_start",
    "upload_state",
    "upload_write_chunk",
]


# --- starting, resuming, sending --------------------------------------------------------


def upload_start(*, user, filename: str, size: int, purpose: str = UploadSession.Purpose.VIDEO) -> UploadSession:
    """Start an upload of `size` bytes for `purpose` (a library video, or a registered purpose:
    the caller asked `purposes.require_may_start`). Raises UploadError for an empty or too large
    file or an unknown purpose."""
    if purpose not in UploadSession.Purpose.values:
        raise UploadError("Say what the upload is for.")
    try:
        filename = get_valid_filename(Path(str(filename or "")).name)[:200]
    except SuspiciousFileOperation:
        raise UploadError("The file needs a name.")
    if not isinstance(size, int) or isinstance(size, bool):
        raise UploadError("Send the file's size as a whole number of bytes.")
    if size <= 0:
        raise UploadError("The file is empty (0 bytes); choose the recording itself.")
    require_allowed_size(size)
    backend = current_backend()
    session = UploadSession(
        user=user,
        filename=filename,
        size=size,
        part_size=backend.part_size(size),
        backend=backend.name,
        purpose=purpose,
        storage_name=f"{SOURCE_PREFIX}/{uuid.uuid4().hex}/{filename}",
    )
    # The row comes first, so the cleaner never takes a just-started upload for a stray one.
    session.save()
    try:
        backend.start(session)
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
    if session.status == UploadSession.Status.ACTIVE:
        state.update(backend_for(session).uploaded_parts(session))
    return state


def upload_presign_parts(*, session: UploadSession, part_numbers: list) -> dict[int, str]:
    """Presigned PUT URLs for the given part numbers (1..part_count, at most 100 at once).

    Raises UploadError on a backend that takes chunks instead, or for bad part numbers.
    """
    require_active(session)
    urls = backend_for(session).presign_parts(session, part_numbers)
    UploadSession.objects.filter(pk=session.pk).update(updated_at=timezone.now())
    return urls


def upload_write_chunk(*, session: UploadSession, content_range: str, stream, length: int | None) -> int:
    """Store one chunk ("Content-Range: bytes START-END/TOTAL") and return the new offset.

    Raises UploadError on a backend that takes parts straight to storage, UploadConflict
    (with the offset to continue from) for a chunk that does not start where the upload
    stands; see `LocalChunkBackend.write_chunk`.
    """
    return backend_for(session).write_chunk(session, content_range=content_range, stream=stream, length=length)


# --- finishing ----------------------------------------------------------------------------


def upload_complete(
    *, session: UploadSession, title: str, captions: str | None = None, private: bool = False
) -> Video:
    """Check the finished file, move it into place and create its Video (queued for transcoding).

    `captions` (WebVTT text, optional) becomes the video's transcript, approved by the
    uploader. Raises UploadError for a missing title, bad captions, or missing parts or
    bytes (the upload stays open to finish), and UploadRefused when the file is not a video
    (the upload is closed and its bytes removed). Completing an already-completed upload
    returns its Video, so a retried request makes no second one.

    The Video is private (a lesson recording: `Video.private`) when `private` is set or the
    upload's purpose is not a library video.
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
            require_active(session)
            backend_for(session).finish(session)
            video = video_create_from_storage(
                title=title,
                source_name=session.storage_name,
                uploaded_by=session.user,
                private=private or session.purpose != UploadSession.Purpose.VIDEO,
            )
            if captions:
                transcript_import(video=video, vtt_text=captions, user=session.user)
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
        backend_for(session).abort(session)
        session.status = UploadSession.Status.ABORTED
        session.save(update_fields=["status", "updated_at"])


# --- abandoned uploads --------------------------------------------------------------------


def upload_clean_expired(*, older_than: timedelta | None = None) -> CleanReport:
    """Abort uploads untouched for PDSITE_UPLOAD_EXPIRY_HOURS and remove their bytes.

    Then each backend removes what no active session owns (S3 multipart uploads under the
    sources prefix; old local staging files left by a crash), so nothing half-made stays in
    storage. Completed sessions are kept (they link an upload to its video); aborted ones
    are deleted.
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
    for backend in sweeping_backends():
        backend.clean(active=active, cutoff=cutoff, report=report)
    return report

"""Chunked uploads to the local disk: the browser sends chunks to pdsite.

Each chunk is appended at the session's offset to a staging file under
MEDIA_ROOT/uploads/partial/; resuming asks for the offset. Finishing moves the staging file
into the default storage. Used when the default storage is not S3 (the embedded default);
see `backends`.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet

from ..models import UploadSession
from ..pipeline.sniff import NOT_A_VIDEO, SNIFF_BYTES, looks_like_video
from ..storage import storage_errors_as_unavailable
from .base import CleanReport, UploadBackend, require_active
from .errors import UploadConflict, UploadError, UploadRefused

CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def staging_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads" / "partial"


def staging_path(session: UploadSession) -> Path:
    return staging_dir() / f"{session.pk}.part"


class LocalChunkBackend(UploadBackend):
    name = UploadSession.Backend.LOCAL

    def start(self, session: UploadSession) -> None:
        path = staging_path(session)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()

    def uploaded_parts(self, session: UploadSession) -> dict:
        return {"offset": session.offset}

    def write_chunk(self, session: UploadSession, *, content_range: str, stream, length: int | None) -> int:
        """Append one chunk and return the new offset.

        `content_range` is "bytes START-END/TOTAL" (END inclusive). A chunk must start at the
        current offset (else UploadConflict with the offset to continue from), be at most
        part_size bytes, and hold exactly the bytes it announces. Locks the session row, so
        two tabs sending the same upload cannot interleave.
        """
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
            require_active(session)
            path = staging_path(session)
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

    def finish(self, session: UploadSession) -> None:
        path = staging_path(session)
        if session.offset != session.size or not path.exists() or path.stat().st_size != session.size:
            raise UploadError(
                f"Only {session.offset} of {session.size} bytes have arrived; send the rest, then finish."
            )
        with open(path, "rb") as staging:
            head = staging.read(SNIFF_BYTES)
        if not looks_like_video(head):
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

    def abort(self, session: UploadSession) -> None:
        staging_path(session).unlink(missing_ok=True)

    def clean(self, *, active: QuerySet, cutoff: datetime, report: CleanReport) -> None:
        """Delete staging files older than `cutoff` that no active session owns (a crash's)."""
        folder = staging_dir()
        if not folder.is_dir():
            return
        known_files = {f"{pk}.part" for pk in active.values_list("pk", flat=True)}
        for path in folder.iterdir():
            if path.name not in known_files and path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
                report.orphan_files += 1


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

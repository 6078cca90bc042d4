"""The interface every upload backend implements, and what all of them share.

A backend is where the bytes of a resumable upload go while it is open: an S3 multipart
upload (`s3.S3MultipartBackend`) or a staging file on the local disk
(`local.LocalChunkBackend`). `backends` chooses one; `services` only talks to this
interface, so nothing else asks which storage is in use.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet

from ..models import UploadSession
from .errors import UploadClosed, UploadError

SOURCE_PREFIX = "videos/sources"

@dataclass
class CleanReport:
    """What `services.upload_clean_expired` removed."""

    sessions: int = 0
    orphan_s3_uploads: int = 0
    orphan_files: int = 0


class UploadBackend(ABC):
    """One way for an upload's bytes to arrive. Methods take the session; none saves it
    unless it says so."""

    #: The UploadSession.Backend value stored on sessions of this backend.
    name: str

    def part_size(self, size: int) -> int:
        """Bytes per part or chunk for a file of `size` bytes."""
        return settings.PDSITE_UPLOAD_PART_BYTES

    @abstractmethod
    def start(self, session: UploadSession) -> None:
        """Open the upload for a just-saved session (may save fields it sets)."""

    @abstractmethod
    def uploaded_parts(self, session: UploadSession) -> dict:
        """What has arrived so far, for a browser resuming: {"parts": [...]} or {"offset": n}."""

    def presign_parts(self, session: UploadSession, part_numbers: list) -> dict[int, str]:
        """Presigned PUT URLs for these part numbers (direct-to-storage backends only)."""
        raise UploadError("This upload goes to the server in chunks; there are no part URLs.")

    def write_chunk(self, session: UploadSession, *, content_range: str, stream, length: int | None) -> int:
        """Store one chunk sent to pdsite and return the new offset (chunked backends only)."""
        raise UploadError("This upload goes straight to S3; send its parts to the presigned URLs.")

    @abstractmethod
    def finish(self, session: UploadSession) -> None:
        """Put the complete file at `session.storage_name` (which it may change, unsaved).

        Called with the session row locked. Raises UploadError while parts or bytes are
        missing (the upload stays open) and UploadRefused, its bytes deleted, when the file
        does not start like a video.
        """

    @abstractmethod
    def abort(self, session: UploadSession) -> None:
        """Delete every byte the upload sent. Harmless when there is nothing left."""

    @abstractmethod
    def clean(self, *, active: QuerySet, cutoff: datetime, report: CleanReport) -> None:
        """Remove what no `active` session owns (older than `cutoff`); count it in `report`."""


def require_active(session: UploadSession) -> None:
    if session.status != UploadSession.Status.ACTIVE:
        raise UploadClosed(f"This upload is already {session.get_status_display().lower()}.")


def require_allowed_size(size: int) -> None:
    """Raise UploadError when a file of `size` bytes is over PDSITE_MAX_UPLOAD_BYTES.

    Every upload path asks this (resumable uploads when they start, the plain admin form
    before anything is saved), so the limit and its message are the same everywhere.
    """
    limit = settings.PDSITE_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadError(f"The file is {human_size(size)}; the largest upload allowed is {human_size(limit)}.")


def human_size(size: float) -> str:
    """1536 -> "1.5 KB"; whole bytes below 1 KB."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"

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
SNIFF_BYTES = 512

NOT_A_VIDEO = (
    "{name} is not a video file we recognise (it does not start like an MP4, MOV, WebM, MKV, AVI "
    "or MPEG recording). Export the recording as MP4 and upload that."
)


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


def looks_like_video(head: bytes) -> bool:
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

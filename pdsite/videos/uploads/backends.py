"""Choosing the upload backend: the one place that asks which storage is in use.

`current_backend()` is the backend new uploads use (S3 multipart when the default storage
is S3, else local chunks); `backend_for(session)` the one a session was started with;
`sweeping_backends()` those whose left-overs the daily clean removes.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from storages.backends.s3 import S3Storage

from ..models import UploadSession
from .base import UploadBackend
from .local import LocalChunkBackend
from .s3 import S3MultipartBackend

_BACKENDS: dict[str, UploadBackend] = {
    backend.name: backend for backend in (S3MultipartBackend(), LocalChunkBackend())
}


def current_backend() -> UploadBackend:
    name = UploadSession.Backend.S3 if isinstance(default_storage, S3Storage) else UploadSession.Backend.LOCAL
    return _BACKENDS[name]


def backend_for(session: UploadSession) -> UploadBackend:
    """The backend `session` was started with (its stored `backend`)."""
    return _BACKENDS[session.backend]


def sweeping_backends() -> list[UploadBackend]:
    """The current backend, then the local one if that is another: its staging folder may
    hold files from before the switch to S3."""
    current = current_backend()
    local = _BACKENDS[UploadSession.Backend.LOCAL]
    return [current] if current is local else [current, local]

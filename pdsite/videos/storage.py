"""Moving pipeline files in and out of Django's default storage (local disk or S3)."""

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import botocore.exceptions

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


class StorageUnavailable(Exception):
    """Media storage did not answer; the message is fit to show a PD lead."""


@contextmanager
def storage_errors_as_unavailable() -> Iterator[None]:
    """Turn the storage backend's connection and server errors into StorageUnavailable."""
    try:
        yield
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError, OSError) as error:
        raise StorageUnavailable(
            "Media storage is not answering, so the video could not be stored. Nothing was saved; "
            "please try again in a few minutes."
        ) from error


def storage_download(name: str, destination: Path) -> Path:
    """Copy a stored file to a local path (ffmpeg needs a real file)."""
    with default_storage.open(name, "rb") as stored, open(destination, "wb") as local:
        shutil.copyfileobj(stored, local, length=1024 * 1024)
    return destination


def storage_upload_tree(*, local_dir: Path, files: list[Path], prefix: str) -> list[str]:
    """Store `files` (relative to local_dir) under `prefix`, keeping their relative paths.

    Returns the storage names written. Names are deterministic, so a re-run overwrites
    rather than adding a second copy.
    """
    written = []
    for relative in files:
        name = f"{prefix}/{relative.as_posix()}"
        with open(local_dir / relative, "rb") as handle:
            written.append(_put(name, File(handle)))
    return written


def storage_put_text(name: str, text: str) -> str:
    """Store `text` (UTF-8) at exactly `name`, replacing what is there."""
    return _put(name, ContentFile(text.encode("utf-8")))


def _put(name: str, content: File) -> str:
    # S3 (file_overwrite) and FileSystemStorage(allow_overwrite) replace in place, so a
    # playlist being rewritten is never missing for a viewer. A storage that renames
    # instead gets delete-then-save.
    saved = default_storage.save(name, content)
    if saved != name:
        default_storage.delete(saved)
        default_storage.delete(name)
        content.seek(0)
        saved = default_storage.save(name, content)
    return saved


def storage_delete_prefix(prefix: str) -> int:
    """Delete every stored file under `prefix` (a folder). Returns how many were deleted."""
    deleted = 0
    try:
        folders, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for filename in files:
        default_storage.delete(f"{prefix}/{filename}")
        deleted += 1
    for folder in folders:
        deleted += storage_delete_prefix(f"{prefix}/{folder}")
    return deleted


def storage_url(name: str) -> str:
    """A URL a browser can fetch: /media/... locally, a short-lived presigned URL on S3."""
    return default_storage.url(name)

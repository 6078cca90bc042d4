"""Reads for videos: playlists rewritten for the browser with short-lived signed URLs,
the thumbnails track, and the queue priority of a video's transcode.

(Captions are the transcript's: `transcripts.selectors.captions_vtt`.)
"""

import posixpath

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse

from .models import Video
from .pipeline.m3u8 import map_uris
from .pipeline.sprite import SPRITE_NAME
from .storage import storage_url

# Redis priorities: 0 is served first. (RabbitMQ counts the other way; we use Redis.)
PRIORITY_URGENT = 0
PRIORITY_NORMAL = 5

_MEDIA_SALT = "pdsite.videos.media"


class PlaylistNotFound(Exception):
    pass


class MediaNotFound(Exception):
    pass


def video_priority(video: Video) -> int:
    """How urgently to transcode `video`: URGENT when people are waiting for it.

    That is when a page with a scheduled go-live time shows it. The assignments work adds
    its rule here ("linked to an assignment"): one more `exists()` query below.
    """
    if video.pk and video.pages.filter(go_live_at__isnull=False).exists():
        return PRIORITY_URGENT
    return PRIORITY_NORMAL


def media_url(name: str) -> str:
    """A short-lived URL for one stored file of a video (segment, poster, sprite).

    On S3 a presigned URL; on the local disk a URL of `views.media` carrying a
    TimestampSigner signature of the name, valid PDSITE_MEDIA_URL_SECONDS.
    """
    if isinstance(default_storage, FileSystemStorage):
        token = signing.TimestampSigner(salt=_MEDIA_SALT).sign(name)
        return reverse("videos:media", args=[token])
    return storage_url(name)


def media_name_from_token(token: str) -> str:
    """The storage name a `media_url` token was made for. Raises MediaNotFound if the
    signature is wrong or older than PDSITE_MEDIA_URL_SECONDS."""
    try:
        name = signing.TimestampSigner(salt=_MEDIA_SALT).unsign(token, max_age=settings.PDSITE_MEDIA_URL_SECONDS)
    except signing.BadSignature:
        raise MediaNotFound(token) from None
    if not name.startswith("videos/") or ".." in name.split("/"):
        raise MediaNotFound(token)
    return name


def playlist_text(*, video: Video, path: str) -> str:
    """The stored playlist at `path` (relative to the video's HLS folder), ready to serve.

    Variant playlists (master -> 360p/index.m3u8) stay relative, so they come back through
    the login-protected playlist view; segment URIs become short-lived signed URLs.
    While the video is PLAYABLE the variant playlists are growing EVENT playlists.
    """
    allowed = {video.master_playlist, *video.renditions.values_list("playlist", flat=True)}
    name = f"{video.output_prefix}/{path}"
    if not video.is_playable or name not in allowed:
        raise PlaylistNotFound(path)
    try:
        with default_storage.open(name, "r") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise PlaylistNotFound(path) from None
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    folder = posixpath.dirname(name)

    def sign(uri: str) -> str:
        return uri if uri.endswith(".m3u8") else media_url(posixpath.normpath(f"{folder}/{uri}"))

    return map_uris(text, sign)


def thumbnails_vtt_text(*, video: Video) -> str | None:
    """The scrub-preview WebVTT track, its sprite URL signed; None when there is none."""
    if not video.is_playable or not video.thumbnails:
        return None
    try:
        with default_storage.open(video.thumbnails, "r") as handle:
            text = handle.read()
    except FileNotFoundError:
        return None
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    sprite = media_url(video.sprite)
    return "\n".join(
        sprite + line[len(SPRITE_NAME):] if line.startswith(f"{SPRITE_NAME}#") else line for line in text.splitlines()
    ) + "\n"


def poster_url(video: Video) -> str | None:
    return media_url(video.poster) if video.poster else None

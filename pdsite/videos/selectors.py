"""Reads for videos: playlists rewritten for the browser with short-lived signed URLs bound
to the viewer and the video, the thumbnails track, and the queue priority of a transcode.

Who may see a video is not decided here: callers ask `access` first.

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


def media_url(name: str, *, user, video: Video) -> str:
    """A short-lived URL for one stored file of `video` (segment, poster, sprite), for `user`.

    On S3 a presigned URL. On the local disk a URL of `views.media` whose token is a
    TimestampSigner signature of (user id, video id, name): it works only for that user,
    only for a file under that video's HLS folder, for PDSITE_MEDIA_URL_SECONDS. Call it only
    for a video `user` may see (`access`): the media view trusts the token and asks no more.
    """
    if isinstance(default_storage, FileSystemStorage):
        token = signing.TimestampSigner(salt=_MEDIA_SALT).sign_object([user.pk, video.pk, name], compress=False)
        return reverse("videos:media", args=[token])
    return storage_url(name)


def media_name_from_token(token: str, *, user) -> str:
    """The storage name a `media_url` token was made for. Raises MediaNotFound (one answer
    for all of these) if the signature is wrong or older than PDSITE_MEDIA_URL_SECONDS, if
    it was made for another user, or if the name is not a file made from its video (sources,
    task evidence and any other stored file are never served this way)."""
    try:
        user_id, video_id, name = signing.TimestampSigner(salt=_MEDIA_SALT).unsign_object(
            token, max_age=settings.PDSITE_MEDIA_URL_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):
        raise MediaNotFound(token) from None
    if user_id != user.pk or not isinstance(name, str) or not isinstance(video_id, int):
        raise MediaNotFound(token)
    if not name.startswith(f"videos/{video_id}/hls/") or ".." in name.split("/"):
        raise MediaNotFound(token)
    return name


def playlist_text(*, video: Video, path: str, user) -> str:
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
        return uri if uri.endswith(".m3u8") else media_url(posixpath.normpath(f"{folder}/{uri}"), user=user, video=video)

    return map_uris(text, sign)


def thumbnails_vtt_text(*, video: Video, user) -> str | None:
    """The scrub-preview WebVTT track, its sprite URL signed for `user`; None when there is none."""
    if not video.is_playable or not video.thumbnails:
        return None
    try:
        with default_storage.open(video.thumbnails, "r") as handle:
            text = handle.read()
    except FileNotFoundError:
        return None
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    sprite = media_url(video.sprite, user=user, video=video)
    return "\n".join(
        sprite + line[len(SPRITE_NAME):] if line.startswith(f"{SPRITE_NAME}#") else line for line in text.splitlines()
    ) + "\n"


def poster_url(video: Video, *, user) -> str | None:
    """The poster frame's short-lived URL for `user` (see media_url), or None without one."""
    return media_url(video.poster, user=user, video=video) if video.poster else None

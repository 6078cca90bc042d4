"""Reads for videos: playlists rewritten for the browser with short-lived signed URLs bound
to the viewer and the video, the thumbnails track, and the queue priority of a transcode.

Who may see a video is not decided here: callers ask `access` first, and pass the viewer's
`access.video_windows` (None: the whole video) to the reads that cut a private recording
down to a clip. What the media view may serve of a private recording, file by file, is
`private_media.media_allowed`.

(Captions are the transcript's: `transcripts.selectors.captions_vtt`.)
"""

import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse

from .models import DescribedAudio, Video
from .pipeline.clip import GAP_URI, inside, kept_cues, trim_media_playlist
from .pipeline.m3u8 import DESCRIBES_VIDEO, AlternateAudio, map_uris, with_audio_group
from .pipeline.sprite import SPRITE_NAME
from .pipeline.vtt import parse_vtt, render_vtt
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


@dataclass(frozen=True)
class MediaFile:
    """What a media token names: one stored file of one video, and whether that video is a
    private recording (then the media view asks the rule again before serving it)."""

    name: str
    video_id: int
    private: bool


def media_url(name: str, *, user, video: Video) -> str:
    """A short-lived URL for one stored file of `video` (segment, poster, sprite), for `user`.

    On S3 a presigned URL, except for a private recording. On the local disk, and always for
    a private recording, a URL of `views.media` whose token is a TimestampSigner signature of
    (user id, video id, name[, "private"]): it works only for that user, only for a file under
    that video's HLS folder, for PDSITE_MEDIA_URL_SECONDS. A presigned URL could not be taken
    back, so a private recording's files always go through the view, which asks the rule
    again for each one (a revoked share stops at once). Call it only for a video `user` may
    see (`access`).
    """
    if video.private or isinstance(default_storage, FileSystemStorage):
        payload = [user.pk, video.pk, name] + (["private"] if video.private else [])
        token = signing.TimestampSigner(salt=_MEDIA_SALT).sign_object(payload, compress=False)
        return reverse("videos:media", args=[token])
    return storage_url(name)


def media_file_from_token(token: str, *, user) -> MediaFile:
    """The stored file a `media_url` token was made for. Raises MediaNotFound (one answer
    for all of these) if the signature is wrong or older than PDSITE_MEDIA_URL_SECONDS, if
    it was made for another user, or if the name is not a file made from its video (sources,
    task evidence and any other stored file are never served this way)."""
    try:
        user_id, video_id, name, *flags = signing.TimestampSigner(salt=_MEDIA_SALT).unsign_object(
            token, max_age=settings.PDSITE_MEDIA_URL_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):
        raise MediaNotFound(token) from None
    if user_id != user.pk or not isinstance(name, str) or not isinstance(video_id, int):
        raise MediaNotFound(token)
    if not name.startswith(f"videos/{video_id}/hls/") or ".." in name.split("/"):
        raise MediaNotFound(token)
    return MediaFile(name=name, video_id=video_id, private=flags == ["private"])


def media_name_from_token(token: str, *, user) -> str:
    """The storage name a `media_url` token was made for (see media_file_from_token)."""
    return media_file_from_token(token, user=user).name


def playlist_text(*, video: Video, path: str, user, windows=None) -> str:
    """The stored playlist at `path` (relative to the video's HLS folder), ready to serve.

    Variant playlists (master -> 360p/index.m3u8) stay relative, so they come back through
    the login-protected playlist view; segment URIs become short-lived signed URLs.
    While the video is PLAYABLE the variant playlists are growing EVENT playlists.
    With `windows` (a clip of a private recording: `access.video_windows`), a variant
    playlist lists only the segments overlapping them, the others as gaps that name no file
    (so the player's times are the recording's); the master playlist is unchanged.
    With playable described audio tracks (`described_audio_playable`), the master playlist
    gains an audio group offering them, and their audio playlists are served like variants.
    """
    described = described_audio_playable(video)
    allowed = {
        video.master_playlist,
        *video.renditions.values_list("playlist", flat=True),
        *(track.playlist for track in described),
    }
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
    if windows is not None and name != video.master_playlist:
        # Outside the windows: gaps, so the player keeps the recording's own clock.
        text = trim_media_playlist(text, windows, gaps=True)
    if name == video.master_playlist and described:
        text = with_audio_group(text, [_alternate_audio(video, track) for track in described])

    def sign(uri: str) -> str:
        if uri.endswith(".m3u8") or uri == GAP_URI:  # a gap names no file: nothing to sign
            return uri
        return media_url(posixpath.normpath(f"{folder}/{uri}"), user=user, video=video)

    return map_uris(text, sign)


def described_audio_playable(video: Video) -> list[DescribedAudio]:
    """The described audio tracks the master playlist offers: READY; never for a private
    recording (its clip shares cut its playlists by time, which these would escape). One
    query, none for a private video."""
    if video.private:
        return []
    ready = DescribedAudio.objects.filter(video=video, status=DescribedAudio.Status.READY).exclude(playlist="")
    return list(ready.order_by("language"))


def _alternate_audio(video: Video, track: DescribedAudio) -> AlternateAudio:
    return AlternateAudio(
        uri=posixpath.relpath(track.playlist, video.output_prefix),
        name=track.player_name,
        language=track.language,
        characteristics=DESCRIBES_VIDEO,
    )


def thumbnails_vtt_text(*, video: Video, user, windows=None) -> str | None:
    """The scrub-preview WebVTT track, its sprite URL signed for `user`; None when there is none.
    With `windows`, only the tiles of moments inside them (the media view serves such a viewer
    the sprite with every other tile blacked out: private_media.sprite_for)."""
    text = stored_thumbnails_vtt(video)
    if text is None:
        return None
    if windows is not None:
        text = render_vtt(kept_cues(parse_vtt(text), windows))
    sprite = media_url(video.sprite, user=user, video=video)
    return "\n".join(
        sprite + line[len(SPRITE_NAME):] if line.startswith(f"{SPRITE_NAME}#") else line for line in text.splitlines()
    ) + "\n"


def stored_thumbnails_vtt(video: Video) -> str | None:
    """The thumbnails track as stored (tiles named `sprite.jpg#xywh=…`), or None."""
    if not video.is_playable or not video.thumbnails:
        return None
    try:
        with default_storage.open(video.thumbnails, "r") as handle:
            text = handle.read()
    except FileNotFoundError:
        return None
    return text.decode("utf-8") if isinstance(text, bytes) else text


def poster_second(video: Video) -> float:
    """The moment the poster frame shows: services takes it at min(1 s, half the video)."""
    return min(1.0, (video.duration or 0.0) / 2)


def poster_url(video: Video, *, user, windows=None) -> str | None:
    """The poster frame's short-lived URL for `user` (see media_url), or None without one.
    With `windows`, only when the poster's moment is inside one of them."""
    if not video.poster or (windows is not None and not inside(poster_second(video), windows)):
        return None
    return media_url(video.poster, user=user, video=video)


def max_video_seconds(video: Video) -> float:
    """The longest a video may be: a lesson recording (private) up to
    PDSITE_MAX_RECORDING_SECONDS, anything else PDSITE_MAX_VIDEO_SECONDS."""
    if video.private:
        return min(settings.PDSITE_MAX_RECORDING_SECONDS, settings.PDSITE_MAX_VIDEO_SECONDS)
    return settings.PDSITE_MAX_VIDEO_SECONDS

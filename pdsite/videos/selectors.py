"""Reads for videos: playlists rewritten for the browser, captions as WebVTT."""

import posixpath

from django.core.files.storage import default_storage

from .models import Transcript, Video
from .pipeline.vtt import Cue, render_vtt
from .storage import storage_url


class PlaylistNotFound(Exception):
    pass


def playlist_text(*, video: Video, path: str) -> str:
    """The stored playlist at `path` (relative to the video's HLS folder), ready to serve.

    Variant playlists (master -> 360p/index.m3u8) stay relative, so they come back through
    this view; segment URIs become storage URLs (presigned on S3), because segments are
    fetched straight from storage rather than through Django.
    """
    allowed = {video.master_playlist, *video.renditions.values_list("playlist", flat=True)}
    name = f"{video.output_prefix}/{path}"
    if not video.is_ready or name not in allowed:
        raise PlaylistNotFound(path)
    with default_storage.open(name, "r") as handle:
        text = handle.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    folder = posixpath.dirname(name)
    lines = []
    for line in text.splitlines():
        if line and not line.startswith("#") and not line.endswith(".m3u8"):
            line = storage_url(posixpath.normpath(f"{folder}/{line}"))
        lines.append(line)
    return "\n".join(lines) + "\n"


def captions_vtt(*, video: Video, language: str = "en") -> str | None:
    transcript = Transcript.objects.filter(video=video, language=language).first()
    if transcript is None:
        return None
    cues = [Cue(start=s.start, end=s.end, text=s.text) for s in transcript.segments.order_by("start")]
    return render_vtt(cues)


def poster_url(video: Video) -> str | None:
    return storage_url(video.poster) if video.poster else None

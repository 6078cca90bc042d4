"""What the media view may serve of a private recording to a viewer allowed only part of it
(a clip share), asked for every file on every request, after the rule itself
(`access.video_get_visible_or_404`) has said the viewer may see the video at all.

- a segment: when its time range (from the EXTINF durations of its variant playlist)
  overlaps one of the viewer's windows; an fMP4 init segment when there is any window;
- the poster: when the moment it shows is inside a window;
- the sprite: always, but with every tile of a moment outside the windows blacked out
  (`sprite_for`), since one picture holds every tile;
- anything else (the thumbnails track as stored, a file no playlist names): never.

Reads only; a refusal is the caller's 404, the same as for an unknown file.
"""

from __future__ import annotations

import io
import posixpath
from collections.abc import Sequence

from django.core.cache import cache
from django.core.files.storage import default_storage

from .models import Video
from .pipeline.clip import inside, media_segments, overlaps
from .pipeline.m3u8 import map_uris
from .pipeline.vtt import parse_vtt
from .selectors import poster_second, stored_thumbnails_vtt

Windows = Sequence[tuple[float, float]]
INIT = (-1.0, -1.0)  # an init segment: no time of its own
_CACHE_SECONDS = 3600


def segment_times(video: Video, folder: str) -> dict[str, tuple[float, float]]:
    """Storage name -> (start, end) seconds of each segment of the variant playlist in
    `folder`; {} when no rendition of `video` lives there.

    Cached only once the video is READY (its playlists no longer change); the key names the
    video's creation time as well as its id, so a new video that reuses a deleted one's id
    never reads the old times. While PLAYABLE the playlist grows, so it is read each time.
    """
    playlist = next(
        (p for p in video.renditions.values_list("playlist", flat=True) if posixpath.dirname(p) == folder), None
    )
    if playlist is None:
        return {}
    key = f"pdsite.videos.segment-times:{video.pk}:{video.created_at.timestamp()}:{playlist}"
    if video.is_ready and (cached := cache.get(key)) is not None:
        return cached
    try:
        with default_storage.open(playlist, "r") as handle:
            text = handle.read()
    except FileNotFoundError:
        return {}
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    times = {posixpath.normpath(f"{folder}/{s.uri}"): (s.start, s.end) for s in media_segments(text)}

    def note_init(uri: str) -> str:
        # Every other file the playlist names (an EXT-X-MAP init segment) holds no pictures.
        times.setdefault(posixpath.normpath(f"{folder}/{uri}"), INIT)
        return uri

    map_uris(text, note_init)
    if video.is_ready:
        cache.set(key, times, _CACHE_SECONDS)
    return times


def media_allowed(*, video: Video, name: str, windows: Windows | None) -> bool:
    """May a viewer with `windows` (None: the whole video) be sent the stored file `name`?
    The sprite is allowed here, but only as `sprite_for` draws it."""
    if windows is None:
        return True
    if name == video.poster:
        return inside(poster_second(video), windows)
    if name == video.sprite:
        return True
    times = segment_times(video, posixpath.dirname(name))
    if name not in times:
        return False
    if times[name] == INIT:
        return bool(windows)
    return overlaps(*times[name], windows)


def sprite_for(video: Video, windows: Windows) -> bytes | None:
    """The sprite as JPEG bytes with each tile outside `windows` painted black (the tiles are
    the cues of the stored thumbnails track); None when there is no sprite."""
    from PIL import Image, ImageDraw

    text = stored_thumbnails_vtt(video)
    if text is None or not video.sprite:
        return None
    try:
        with default_storage.open(video.sprite, "rb") as handle:
            image = Image.open(io.BytesIO(handle.read())).convert("RGB")
    except FileNotFoundError:
        return None
    draw = ImageDraw.Draw(image)
    for cue in parse_vtt(text):
        if overlaps(cue.start, cue.end, windows):
            continue
        try:
            x, y, w, h = (int(v) for v in cue.text.partition("#xywh=")[2].split(","))
        except ValueError:
            return None  # a tile we cannot place could not be blacked out: send none
        draw.rectangle((x, y, x + w - 1, y + h - 1), fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()

"""The scrub-preview sprite: how many tiles, how big, and the WebVTT thumbnails track.

Pure: no files, no ffmpeg. ``commands.hls_command`` reads a ``SpriteSpec`` to add the
thumbnail branch to the transcode, ``commands.tile_command`` joins the frames into
``SPRITE_NAME``, and ``thumbnails_vtt`` writes the track that points into it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .ladder import scaled_width
from .vtt import format_timestamp

__all__ = ["SPRITE_NAME", "THUMBNAILS_NAME", "SpriteSpec", "sprite_spec_for", "thumbnails_vtt"]

SPRITE_NAME = "sprite.jpg"
THUMBNAILS_NAME = "thumbnails.vtt"


@dataclass(frozen=True)
class SpriteSpec:
    """A scrub-preview sprite: one tile every ``interval`` seconds, ``columns`` per row."""

    interval: float
    columns: int
    rows: int
    tile_width: int
    tile_height: int
    count: int  # tiles that hold a frame (the last row may be partly empty)


def sprite_spec_for(
    *, duration: float, width: int, height: int, max_tiles: int = 100, tile_height: int = 90, columns: int = 10
) -> SpriteSpec:
    """One sprite sheet for the whole video: a tile every 2 s, or sparser so at most
    ``max_tiles`` tiles fit (a one-hour workshop gets one every 36 s). Pure."""
    interval = max(2.0, math.ceil(duration / max_tiles))
    count = max(1, math.ceil(duration / interval))
    columns = min(columns, count)
    return SpriteSpec(
        interval=interval,
        columns=columns,
        rows=math.ceil(count / columns),
        tile_width=scaled_width(width, height, tile_height),
        tile_height=tile_height,
        count=count,
    )


def thumbnails_vtt(spec: SpriteSpec, *, duration: float, sprite_url: str = SPRITE_NAME) -> str:
    """The WebVTT thumbnails track for a sprite: each cue names its tile as
    ``sprite.jpg#xywh=x,y,w,h`` (the convention hls.js/media-chrome players read). Pure."""
    lines = ["WEBVTT", ""]
    for i in range(spec.count):
        start = i * spec.interval
        end = min(duration, start + spec.interval)
        if end <= start:
            break
        x = (i % spec.columns) * spec.tile_width
        y = (i // spec.columns) * spec.tile_height
        lines += [
            f"{format_timestamp(start)} --> {format_timestamp(end)}",
            f"{sprite_url}#xywh={x},{y},{spec.tile_width},{spec.tile_height}",
            "",
        ]
    return "\n".join(lines)

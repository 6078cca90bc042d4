"""Cutting a video down to the time windows a viewer may see (a clip share of a private
recording): which segments, cues and thumbnail tiles fall inside them.

Pure: strings and numbers in, strings and numbers out. The selectors and the media view use
these to build what they serve and to decide, file by file, what they refuse.

A thing "overlaps" a window when it shares some time with it: [start, end) meets [a, b)
when start < b and end > a. Segments are cut at keyframes, so a window that starts inside a
segment gets that whole segment (a few seconds around its edges); captions follow the same
rule so that words and pictures match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["GAP_URI", "Segment", "inside", "kept_cues", "media_segments", "overlaps", "trim_media_playlist"]

Windows = Sequence[tuple[float, float]]

_EXTINF = "#EXTINF:"
_MAP = "#EXT-X-MAP:"
_DISCONTINUITY = "#EXT-X-DISCONTINUITY"
_ENDLIST = "#EXT-X-ENDLIST"
_GAP = "#EXT-X-GAP"
# The URI of a gap entry (trim_media_playlist(gaps=True)): no file has this name, and the
# player never asks for a gap.
GAP_URI = "gap.ts"
# Tags about the whole playlist: they stay in the header wherever they appear.
_PLAYLIST_TAGS = (
    "#EXTM3U",
    "#EXT-X-VERSION",
    "#EXT-X-TARGETDURATION",
    "#EXT-X-MEDIA-SEQUENCE",
    "#EXT-X-DISCONTINUITY-SEQUENCE",
    "#EXT-X-PLAYLIST-TYPE",
    "#EXT-X-INDEPENDENT-SEGMENTS",
    "#EXT-X-START",
    "#EXT-X-ALLOW-CACHE",
)


@dataclass(frozen=True)
class Segment:
    """One media segment of a media playlist: its URI and where it sits in the video."""

    uri: str
    start: float
    end: float
    map_line: str | None  # the EXT-X-MAP tag in force for it (fMP4), if any
    lines: tuple[str, ...]  # its own tags (EXTINF, BYTERANGE, …) then its URI line


def overlaps(start: float, end: float, windows: Windows) -> bool:
    """Does [start, end) share some time with one of `windows`?"""
    return any(start < b and end > a for a, b in windows)


def inside(second: float, windows: Windows) -> bool:
    """Is the moment `second` within one of `windows` (ends included)?"""
    return any(a <= second <= b for a, b in windows)


def _duration(line: str) -> float:
    value = line.removeprefix(_EXTINF).partition(",")[0].strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        return 0.0


def _parse(text: str) -> tuple[list[str], list[Segment], bool]:
    """(header lines, segments, has ENDLIST) of a media playlist."""
    header: list[str] = []
    segments: list[Segment] = []
    pending: list[str] = []
    duration = 0.0
    clock = 0.0
    map_line: str | None = None
    ended = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(_ENDLIST):
            ended = True
        elif line.startswith(_PLAYLIST_TAGS):
            header.append(line)
        elif line.startswith(_MAP):
            map_line = line
        elif line.startswith("#"):
            if line.startswith(_EXTINF):
                duration = _duration(line)
            pending.append(line)
        else:
            segments.append(Segment(line, clock, clock + duration, map_line, (*pending, line)))
            clock += duration
            pending, duration = [], 0.0
    return header, segments, ended


def media_segments(text: str) -> list[Segment]:
    """The segments of a media playlist with their times, from the EXTINF durations."""
    return _parse(text)[1]


def trim_media_playlist(text: str, windows: Windows, *, gaps: bool = False) -> str:
    """The media playlist with only the segments that overlap `windows`.

    Kept: the header (version, target duration, media sequence, playlist type), the EXT-X-MAP
    in force for each kept segment (repeated only when it changes), EXT-X-ENDLIST when there
    was one. An EXT-X-DISCONTINUITY goes between two kept segments that were not adjacent,
    since the timestamps jump there. With no window, no segment: the player plays nothing.

    `gaps=True` (what the player is served): every other segment stays in its place as an
    EXT-X-GAP entry of the same duration whose URI is GAP_URI, a name that is no file, so the
    player's clock reads the recording's own times (a comment at 12:05 is at 12:05 of the
    lesson, and ?t= and ?start= links mean what they say) while no picture outside the windows
    is named or sent. No discontinuity is added then: the timeline does not jump.
    """
    header, segments, ended = _parse(text)
    lines = list(header)
    previous: int | None = None
    current_map: str | None = None
    for index, segment in enumerate(segments):
        kept = overlaps(segment.start, segment.end, windows)
        if not kept and not gaps:
            continue
        if segment.map_line and segment.map_line != current_map:
            lines.append(segment.map_line)
            current_map = segment.map_line
        if gaps:
            if any(line.startswith(_DISCONTINUITY) for line in segment.lines):
                lines.append(_DISCONTINUITY)
            if kept:
                lines.extend(line for line in segment.lines if not line.startswith(_DISCONTINUITY))
            else:
                extinf = next((line for line in segment.lines if line.startswith(_EXTINF)), None)
                lines += [_GAP, extinf or f"{_EXTINF}{segment.end - segment.start:.6f},", GAP_URI]
            continue
        own = [line for line in segment.lines if not line.startswith(_DISCONTINUITY)]
        if previous is not None and (index != previous + 1 or len(own) != len(segment.lines)):
            lines.append(_DISCONTINUITY)
        lines.extend(own)
        previous = index
    if ended:
        lines.append(_ENDLIST)
    return "\n".join(lines) + "\n"


def kept_cues(cues: Iterable, windows: Windows) -> list:
    """The cues (anything with .start and .end) that overlap `windows`, in their order."""
    return [cue for cue in cues if overlaps(cue.start, cue.end, windows)]

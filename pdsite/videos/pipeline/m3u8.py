"""Reading HLS playlists (text in, facts out): the one parser of m3u8 in pdsite.

- ``variant_streams(master_text)``: each variant URI of a master playlist with its
  ``#EXT-X-STREAM-INF`` attributes; ``master_renditions`` turns them into ``Rendition``s.
- ``segment_uris(media_text)``: the URI lines of a media (variant) playlist, in order.
- ``map_uris(text, replace)``: the playlist with every URI line replaced (the playlist view
  signs segment URLs with it), tags and blank lines kept as they are.

Pure: strings only, no files. The transcoder, the publisher that stores segments while
ffmpeg runs, and the playlist selector all read playlists through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .ladder import Profile

__all__ = [
    "Rendition",
    "map_uris",
    "master_renditions",
    "rendition_from_attributes",
    "segment_uris",
    "variant_streams",
]

_STREAM_INF = "#EXT-X-STREAM-INF:"
# An attribute list: KEY=value or KEY="quoted, value", separated by commas.
_ATTRIBUTE = re.compile(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)')


@dataclass(frozen=True)
class Rendition:
    """One variant stream of an HLS package, as the master playlist lists it."""

    profile: Profile
    playlist: Path  # relative to the package folder, e.g. Path("240p/index.m3u8")
    width: int
    height: int
    bandwidth: int  # bits/s, the BANDWIDTH ffmpeg wrote in the master playlist
    codecs: str = ""  # the CODECS attribute, e.g. 'avc1.4d401e,mp4a.40.2'
    segments: tuple[Path, ...] = ()  # relative to the package folder, in playback order


def _uri(line: str) -> str | None:
    """The URI on this line, or None for a tag, a comment or a blank line."""
    line = line.strip()
    return line if line and not line.startswith("#") else None


def variant_streams(text: str) -> dict[str, dict[str, str]]:
    """Map each variant URI in a master playlist to its #EXT-X-STREAM-INF attributes.

    Quotes are removed from quoted values: CODECS="avc1.4d401e,mp4a.40.2"
    gives {"CODECS": "avc1.4d401e,mp4a.40.2"}.
    """
    variants: dict[str, dict[str, str]] = {}
    pending: dict[str, str] | None = None
    for line in (line.strip() for line in text.splitlines()):
        if line.startswith(_STREAM_INF):
            pending = {key: value.strip('"') for key, value in _ATTRIBUTE.findall(line.removeprefix(_STREAM_INF))}
        elif _uri(line) and pending is not None:
            variants[line] = pending  # the URI line follows its tag
            pending = None
    return variants


def rendition_from_attributes(
    uri: str, attributes: dict[str, str], *, profile: Profile, segments: tuple[Path, ...] = ()
) -> Rendition:
    """A Rendition from one master-playlist entry (RESOLUTION, BANDWIDTH, CODECS)."""
    width, _, height = attributes.get("RESOLUTION", "0x0").partition("x")
    return Rendition(
        profile=profile,
        playlist=Path(uri),
        width=int(width or 0),
        height=int(height or 0),
        bandwidth=int(attributes.get("BANDWIDTH", "0")),
        codecs=attributes.get("CODECS", ""),
        segments=segments,
    )


def master_renditions(master_text: str) -> list[Rendition]:
    """The renditions a master playlist lists (no segments), e.g. while ffmpeg still runs.

    Their profile is named after the variant's folder and has no bitrates.
    """
    renditions = []
    for uri, attributes in variant_streams(master_text).items():
        height = int(attributes.get("RESOLUTION", "0x0").partition("x")[2] or 0)
        profile = Profile(name=Path(uri).parent.name, height=height, video_kbps=0, audio_kbps=0)
        renditions.append(rendition_from_attributes(uri, attributes, profile=profile))
    return renditions


def segment_uris(text: str) -> list[str]:
    """The segment URIs of a media playlist, in playback order: its lines that are not tags."""
    return [uri for uri in map(_uri, text.splitlines()) if uri]


def map_uris(text: str, replace: Callable[[str], str]) -> str:
    """The playlist with each URI line ``uri`` replaced by ``replace(uri)``; other lines as
    they were. Ends with one newline."""
    lines = []
    for line in text.splitlines():
        uri = _uri(line)
        lines.append(replace(uri) if uri else line)
    return "\n".join(lines) + "\n"

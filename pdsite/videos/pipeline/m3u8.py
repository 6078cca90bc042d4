"""Reading HLS playlists (text in, facts out): the one parser of m3u8 in pdsite.

- ``variant_streams(master_text)``: each variant URI of a master playlist with its
  ``#EXT-X-STREAM-INF`` attributes; ``master_renditions`` turns them into ``Rendition``s.
- ``segment_uris(media_text)``: the URI lines of a media (variant) playlist, in order.
- ``map_uris(text, replace)``: the playlist with every URI replaced (the playlist view
  signs segment URLs with it): URI lines, and the URI="..." attributes of the tags that
  name a file (an init segment, a key, an alternate rendition); the rest kept as it is.
- ``with_audio_group(master_text, tracks)``: the master playlist with an audio group: the
  variants' own (muxed) audio as its default rendition, and alternate audio-only renditions
  (a described audio track) that the player may switch to.

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
    "AUDIO_GROUP",
    "DESCRIBES_VIDEO",
    "AlternateAudio",
    "Rendition",
    "map_uris",
    "master_renditions",
    "rendition_from_attributes",
    "segment_uris",
    "variant_streams",
    "with_audio_group",
]

_STREAM_INF = "#EXT-X-STREAM-INF:"
# An attribute list: KEY=value or KEY="quoted, value", separated by commas.
_ATTRIBUTE = re.compile(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)')
# The tags whose URI attribute names a file, relative to the playlist like a URI line.
_TAGS_WITH_URI = (
    "#EXT-X-MAP:",
    "#EXT-X-KEY:",
    "#EXT-X-SESSION-KEY:",
    "#EXT-X-MEDIA:",
    "#EXT-X-I-FRAME-STREAM-INF:",
    "#EXT-X-SESSION-DATA:",
    "#EXT-X-PART:",
    "#EXT-X-PRELOAD-HINT:",
    "#EXT-X-RENDITION-REPORT:",
)
# Every character str.splitlines breaks a line at: a URI must hold none of them.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


AUDIO_GROUP = "audio"
# The HLS characteristic of an audio rendition that describes the picture (Apple's UTI, which
# players such as hls.js and Safari read to offer it as audio description).
DESCRIBES_VIDEO = "public.accessibility.describes-video"


@dataclass(frozen=True)
class AlternateAudio:
    """One alternate audio rendition for ``with_audio_group``: an audio-only media playlist."""

    uri: str  # relative to the master playlist, e.g. "described-en/index.m3u8"
    name: str  # what the player shows, e.g. "English (described)"
    language: str  # BCP 47, e.g. "en"
    characteristics: str = ""  # e.g. DESCRIBES_VIDEO


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
    """The playlist with each URI line ``uri`` replaced by ``replace(uri)``, and each
    URI="uri" attribute of the tags in ``_TAGS_WITH_URI`` by URI="replace(uri)"; other lines
    as they were, so a file the playlist names cannot escape ``replace`` (the signing).
    Ends with one newline.

    Raises ``ValueError`` when ``replace`` returns a line break or, for an attribute, a
    quote: that would add a line (or an attribute) to the playlist.
    """

    def checked(uri: str, *, forbidden: str) -> str:
        new = replace(uri)
        if any(character in new for character in forbidden):
            raise ValueError(f"{uri!r} was replaced by {new!r}, which would change the playlist's lines")
        return new

    def attribute(match: re.Match) -> str:
        key, value = match.groups()
        if key != "URI" or not value.startswith('"'):
            return match[0]
        new = checked(value[1:-1], forbidden=_LINE_BREAKS + '"')
        return f'URI="{new}"'

    lines = []
    for line in text.splitlines():
        uri = _uri(line)
        if uri:
            lines.append(checked(uri, forbidden=_LINE_BREAKS))
        elif line.lstrip().startswith(_TAGS_WITH_URI):
            tag, colon, attributes = line.partition(":")
            lines.append(tag + colon + _ATTRIBUTE.sub(attribute, attributes))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    """An attribute's quoted-string: no quote, comma-safe, no line break (RFC 8216 4.2)."""
    if '"' in value or any(character in value for character in _LINE_BREAKS):
        raise ValueError(f"{value!r} cannot be a quoted attribute value")
    return f'"{value}"'


def with_audio_group(
    master_text: str,
    tracks: list[AlternateAudio],
    *,
    main_name: str = "English",
    main_language: str = "en",
    group_id: str = AUDIO_GROUP,
) -> str:
    """The master playlist with one audio group, ``group_id``, named by ``AUDIO=`` on every
    ``#EXT-X-STREAM-INF``, its ``#EXT-X-MEDIA`` tags before the first variant:

    - the main audio, DEFAULT=YES and without URI: RFC 8216 (4.3.4.1) says the audio is then
      the variant's own, so players keep playing the muxed audio as before (hls.js plays it
      from the main segments and, switching back to it, flushes the alternate's buffer);
    - each of ``tracks``, DEFAULT=NO and AUTOSELECT=NO (chosen by the viewer, never for them),
      with its URI and CHARACTERISTICS.

    Unchanged when ``tracks`` is empty. Raises ``ValueError`` when a variant already names an
    audio group or a value cannot be quoted. Ends with one newline.
    """
    if not tracks:
        return master_text
    media = [
        f"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID={_quoted(group_id)},NAME={_quoted(main_name)},"
        f"LANGUAGE={_quoted(main_language)},AUTOSELECT=YES,DEFAULT=YES"
    ]
    for track in tracks:
        characteristics = f",CHARACTERISTICS={_quoted(track.characteristics)}" if track.characteristics else ""
        media.append(
            f"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID={_quoted(group_id)},NAME={_quoted(track.name)},"
            f"LANGUAGE={_quoted(track.language)}{characteristics},AUTOSELECT=NO,DEFAULT=NO,URI={_quoted(track.uri)}"
        )
    lines: list[str] = []
    for line in master_text.splitlines():
        if line.startswith(_STREAM_INF):
            if any(key == "AUDIO" for key, _ in _ATTRIBUTE.findall(line.removeprefix(_STREAM_INF))):
                raise ValueError(f"This variant already names an audio group: {line}")
            if media:
                lines += media
                media = []
            line = f"{line},AUDIO={_quoted(group_id)}"
        lines.append(line)
    return "\n".join(lines) + "\n"

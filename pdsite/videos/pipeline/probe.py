"""Check that an uploaded file is a playable video and read its basic facts.

``probe(path)`` runs ffprobe once and returns a ``ProbeResult``, or raises
``ProbeError`` whose message is a plain sentence a PD lead can act on
("This file is empty.", "This file is a still image, not a video.").

The checks happen here, before any transcoding, because ffmpeg happily
"transcodes" many things that are not videos (a PNG becomes a one-frame
video, an audio file becomes nothing) and a clear refusal at upload time is
far better than a broken player later.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .protocols import INPUT_OPTIONS
from .vtt import format_clock

__all__ = ["AudioProbeResult", "ProbeError", "ProbeResult", "probe", "probe_audio"]


@dataclass(frozen=True)
class ProbeResult:
    """What the pipeline needs to know about a source video.

    ``width`` and ``height`` are the size viewers see, in square pixels: the
    rotation flag of phone videos and a non-square sample aspect ratio are
    already applied. ffmpeg applies both when it decodes, so these are the
    numbers to scale from.
    """

    duration: float  # seconds, always > 0
    width: int  # display width in square pixels
    height: int  # display height in square pixels
    video_codec: str  # ffprobe codec_name, e.g. "h264"
    has_audio: bool
    format_name: str  # ffprobe format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    rotation: int = 0  # display rotation in degrees (0, 90, 180 or 270)
    audio_codec: str | None = None  # codec of the first audio stream, if any
    # Index of the chosen video stream among all streams of the file, for
    # ffmpeg's "0:<index>" stream specifier. None means "the first video
    # stream". It matters when a file carries cover art as an extra stream.
    video_stream_index: int | None = None
    # Frames per second (avg_frame_rate), used to place keyframes every segment; None if unknown.
    frame_rate: float | None = None


class ProbeError(Exception):
    """The file is not a video we can process.

    ``str(error)`` is one or two complete sentences meant for the person who
    uploaded the file, e.g. "This file has no video stream."
    """


# Formats in which ffmpeg reads a single picture. ffprobe reports such a file
# as a "video stream" (codec png, mjpeg, ...), so they must be refused by name.
# (GIF is not listed: an animated GIF is a short silent video; a one-frame GIF
# is caught by its frame count.)
_IMAGE_FORMATS = {"image2", "webp", "ico", "svg"}

_INCOMPLETE = (
    "This file is incomplete: it ends early, probably because the upload or copy "
    "was interrupted. Please upload the complete file again."
)

# The mp4/mov demuxer knows how many bytes each track should hold. A file
# holding noticeably less than that was cut short (interrupted upload or
# copy). 5% of slack absorbs rounding in ffprobe's bit rates.
_MIN_COMPLETE_FRACTION = 0.95


# Video codecs we accept from uploads: what phones, cameras, screen recorders and
# editors write. Anything else is refused by name before any work is done.
KNOWN_VIDEO_CODECS = frozenset(
    {"h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "mpeg2video", "mpeg1video", "prores",
     "mjpeg", "dnxhd", "theora", "wmv2", "wmv3", "vc1", "h263", "msmpeg4v3", "gif", "rawvideo", "ffv1"}
)  # fmt: skip
# Container families (ffprobe format_name parts) we accept.
KNOWN_CONTAINERS = frozenset(
    {"mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm", "avi", "mpegts", "mpeg", "flv", "asf", "gif", "ogg"}
)  # fmt: skip
# And for an audio file (a described audio track): the audio-only formats as well.
KNOWN_AUDIO_CONTAINERS = KNOWN_CONTAINERS | {"wav", "mp3", "aac", "flac"}


@dataclass(frozen=True)
class AudioProbeResult:
    """What the pipeline needs to know about an audio file (a described audio track)."""

    duration: float  # seconds, always > 0
    audio_codec: str  # ffprobe codec_name of the first audio stream, e.g. "pcm_s16le"
    format_name: str


def probe(
    path: str | os.PathLike[str],
    *,
    ffprobe_bin: str = "ffprobe",
    timeout: float = 120.0,
    max_seconds: float | None = None,
    max_dimension: int | None = None,
) -> ProbeResult:
    """Read a source file's duration, display size and codecs.

    Raises ``ProbeError`` (message for the uploader) when the file is empty,
    unreadable, incomplete, audio only, a still image, or has no duration; in an
    unknown container or codec; longer than ``max_seconds`` or with a side longer
    than ``max_dimension`` pixels (when given).
    Raises ``FileNotFoundError`` when ``path`` does not exist (or when
    ``ffprobe_bin`` cannot be found): those are faults of the caller or the
    server, not of the upload, so they must not be shown as one.
    """
    path = Path(path)
    size = path.stat().st_size  # raises FileNotFoundError for a missing file
    if size == 0:
        raise ProbeError("This file is empty.")

    info, stderr = _run_ffprobe(path, ffprobe_bin=ffprobe_bin, timeout=timeout)
    streams: list[dict[str, Any]] = info.get("streams") or []
    fmt: dict[str, Any] = info.get("format") or {}
    format_name = str(fmt.get("format_name") or "")

    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video"
        # Cover art in mp3/m4a files is a "video stream" holding one picture.
        and not (s.get("disposition") or {}).get("attached_pic")
    ]
    audios = [s for s in streams if s.get("codec_type") == "audio"]

    if not videos:
        if audios:
            raise ProbeError("This file has no video stream: it contains only audio.")
        raise ProbeError("This file has no video stream.")
    video = videos[0]
    # Too big is the first thing to say: an 8192x8192 single frame is refused for its size
    # (the limit is a setting the PD lead can be told about), not as "a still image".
    _check_dimension(_int(video.get("width")), _int(video.get("height")), max_dimension)

    if _is_single_image_format(format_name) or _int(video.get("nb_frames")) == 1:
        raise ProbeError("This file is a still image, not a video.")

    duration = _positive_float(fmt.get("duration")) or _positive_float(video.get("duration"))
    if duration is None:
        if fmt.get("duration") is None and video.get("duration") is None:
            # No duration anywhere is what a single picture (in a container
            # not named above) looks like.
            raise ProbeError("This file is a still image, not a video.")
        raise ProbeError("This video has no duration, so there is nothing to play.")

    if "partial file" in stderr or _looks_truncated(streams, fmt, size):
        raise ProbeError(_INCOMPLETE)

    width, height = _int(video.get("width")), _int(video.get("height"))
    if width <= 0 or height <= 0:
        raise ProbeError("This file's video stream has no picture size, so it cannot be played.")
    width = _apply_sample_aspect_ratio(width, video.get("sample_aspect_ratio"))
    rotation = _rotation(video)
    if rotation in (90, 270):
        width, height = height, width

    codec = str(video.get("codec_name") or "unknown")
    if codec not in KNOWN_VIDEO_CODECS:
        raise ProbeError(
            f"This file's video codec ({codec}) is not one we can convert. "
            "Please export it as an MP4 (H.264) and upload that."
        )
    if not set(format_name.split(",")) & KNOWN_CONTAINERS:
        raise ProbeError(
            f"This file's format ({format_name or 'unknown'}) is not one we accept. "
            "Please upload an MP4, MOV or WebM file."
        )
    if max_seconds is not None and duration > max_seconds:
        raise ProbeError(
            f"This video is {format_clock(duration)} long; the longest we accept is {format_clock(max_seconds)}. "
            "Please trim or split it."
        )
    _check_dimension(width, height, max_dimension)
    if min(width, height) < 16:
        raise ProbeError(f"This video's picture is {width}x{height} pixels, too small to watch.")

    return ProbeResult(
        duration=duration,
        width=width,
        height=height,
        video_codec=codec,
        has_audio=bool(audios),
        format_name=format_name,
        rotation=rotation,
        audio_codec=str(audios[0].get("codec_name") or "unknown") if audios else None,
        video_stream_index=video["index"] if isinstance(video.get("index"), int) else None,
        frame_rate=_frame_rate(video.get("avg_frame_rate")) or _frame_rate(video.get("r_frame_rate")),
    )


def probe_audio(path: str | os.PathLike[str], *, ffprobe_bin: str = "ffprobe", timeout: float = 120.0) -> AudioProbeResult:
    """Read an audio file's duration and codec (a picture in it, such as cover art, is ignored).

    Raises ``ProbeError`` (message for the uploader) when the file is empty, unreadable, has
    no audio stream or no duration, or is in a container we do not read; ``FileNotFoundError``
    as ``probe`` does.
    """
    path = Path(path)
    if path.stat().st_size == 0:
        raise ProbeError("This file is empty.")
    try:
        info, stderr = _run_ffprobe(path, ffprobe_bin=ffprobe_bin, timeout=timeout)
    except ProbeError:
        # _run_ffprobe speaks of videos; say what this upload was meant to be.
        raise ProbeError("This file is not an audio file we can read; it may be damaged.") from None
    streams: list[dict[str, Any]] = info.get("streams") or []
    fmt: dict[str, Any] = info.get("format") or {}
    format_name = str(fmt.get("format_name") or "")
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    if not audios:
        raise ProbeError("This file has no audio stream, so there is nothing to hear.")
    if not set(format_name.split(",")) & KNOWN_AUDIO_CONTAINERS:
        raise ProbeError(
            f"This file's format ({format_name or 'unknown'}) is not one we accept. Please upload a WAV or MP3 file."
        )
    duration = _positive_float(fmt.get("duration")) or _positive_float(audios[0].get("duration"))
    if duration is None:
        raise ProbeError("This audio file has no duration, so there is nothing to play.")
    if "partial file" in stderr:
        raise ProbeError(_INCOMPLETE)
    return AudioProbeResult(
        duration=duration, audio_codec=str(audios[0].get("codec_name") or "unknown"), format_name=format_name
    )


def _check_dimension(width: int, height: int, max_dimension: int | None) -> None:
    """Refuse a picture with a side over `max_dimension` pixels (PDSITE_MAX_VIDEO_DIMENSION)."""
    if max_dimension is not None and max(width, height) > max_dimension:
        raise ProbeError(
            f"This video's picture is {width}x{height} pixels; the largest side we accept is "
            f"{max_dimension} pixels. Please export it at a smaller size (e.g. 1920x1080)."
        )


def _frame_rate(value: Any) -> float | None:
    """"30000/1001" -> 29.97; None for "0/0", missing or absurd values."""
    try:
        num, _, den = str(value).partition("/")
        rate = float(num) / float(den or 1)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return rate if 0 < rate <= 240 else None


def _run_ffprobe(path: Path, *, ffprobe_bin: str, timeout: float) -> tuple[dict[str, Any], str]:
    """Run ffprobe and return (parsed JSON, stderr text).

    stderr is returned even on success because ffprobe reports some damage
    (like a truncated mp4) as an error message while still exiting with 0.
    """
    command = [
        ffprobe_bin,
        "-v", "error",  # only real problems on stderr, so they can be quoted
        "-show_format",
        "-show_streams",
        "-of", "json",
        # Local files only: a playlist inside the upload cannot reach the network.
        *INPUT_OPTIONS,
        # "file:" stops ffprobe reading a name like "a:b.mp4" as a protocol.
        f"file:{path}",
    ]  # fmt: skip
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, errors="replace", timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise ProbeError(
            "This file took too long to read, so it is probably damaged or not a video."
        ) from None

    if completed.returncode != 0:
        reason = _last_error_line(completed.stderr, path)
        detail = f" (ffprobe: {reason})" if reason else ""
        if _starts_like_mp4(path):
            # It is an MP4 by its first bytes, yet its index (the "moov" box)
            # is missing or cut: almost always a file that stopped early.
            raise ProbeError(
                f"This file looks like an MP4 video but is incomplete or damaged{detail}. "
                "This usually means the upload or copy was interrupted; "
                "please upload the complete file again."
            )
        raise ProbeError(f"This file is not a video we can read{detail}.")
    try:
        info = json.loads(completed.stdout or "{}")
    except json.JSONDecodeError:
        raise ProbeError("This file is not a video we can read (ffprobe gave no usable answer).") from None
    return info, completed.stderr


def _last_error_line(stderr: str, path: Path) -> str:
    """Return ffprobe's last error line without the file name or "[demuxer @ 0x...]" prefix.

    ffprobe writes e.g. "file:/tmp/x.mp4: Invalid data found when processing input";
    the uploader only needs the part after the name.
    """
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[-1]
    for prefix in (f"file:{path}: ", f"{path}: "):
        if line.startswith(prefix):
            line = line[len(prefix):]
    if line.startswith("[") and "] " in line:
        line = line.split("] ", 1)[1]
    return line.rstrip(".")


def _starts_like_mp4(path: Path) -> bool:
    """Whether the file starts with an MP4/MOV "ftyp" box (bytes 4-8 spell "ftyp")."""
    with path.open("rb") as handle:
        return handle.read(8)[4:8] == b"ftyp"


def _is_single_image_format(format_name: str) -> bool:
    # "png_pipe", "jpeg_pipe", "webp_pipe", ...: the image2pipe family.
    names = set(format_name.split(","))
    return bool(names & _IMAGE_FORMATS) or any(name.endswith("_pipe") for name in names)


def _looks_truncated(streams: list[dict[str, Any]], fmt: dict[str, Any], size: int) -> bool:
    """Whether an mp4/mov file holds fewer bytes than its own index promises.

    Only the mp4/mov family is checked: its per-track bit rates come from the
    sample tables (exact byte counts), whereas in other containers they are
    estimates or nominal values that would give false alarms.
    """
    if "mov" not in str(fmt.get("format_name") or "").split(","):
        return False
    expected_bytes = 0.0
    for stream in streams:
        bit_rate = _positive_float(stream.get("bit_rate"))
        duration = _positive_float(stream.get("duration"))
        if bit_rate and duration:
            expected_bytes += bit_rate * duration / 8
    return expected_bytes > 0 and size < expected_bytes * _MIN_COMPLETE_FRACTION


def _rotation(video: dict[str, Any]) -> int:
    """Return the display rotation as 0, 90, 180 or 270 degrees.

    Newer ffprobe puts it in the display matrix side data, older ones in a
    "rotate" tag. Only whether it is a quarter turn matters to callers (it
    swaps width and height); the direction is kept as ffprobe reports it.
    """
    for side_data in video.get("side_data_list") or []:
        if "rotation" in side_data:
            return round(float(side_data["rotation"])) % 360
    rotate = (video.get("tags") or {}).get("rotate")
    if rotate is not None:
        try:
            return round(float(rotate)) % 360
        except ValueError:
            return 0
    return 0


def _apply_sample_aspect_ratio(width: int, sample_aspect_ratio: Any) -> int:
    """Return the width in square pixels, e.g. 720 wide at SAR 64:45 -> 1024.

    ffprobe reports "0:1" or "N/A" when the ratio is unknown; treat that as
    square pixels.
    """
    try:
        num, den = (int(part) for part in str(sample_aspect_ratio).split(":"))
    except ValueError:
        return width
    if num <= 0 or den <= 0 or num == den:
        return width
    return max(1, round(width * num / den))


def _positive_float(value: Any) -> float | None:
    """Parse ffprobe's number strings; None for "N/A", missing, zero or negative."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _int(value: Any) -> int:
    """Parse an integer field; 0 when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0

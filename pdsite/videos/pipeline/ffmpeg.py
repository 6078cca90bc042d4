"""Transcode a source video to HLS and grab a poster frame, by running ffmpeg.

``transcode_hls`` makes every rendition in ONE ffmpeg process: the source is
decoded once and scaled down in a cascade (``split`` after each size), each encoded to
H.264 (+ AAC when the source has audio) and cut into MPEG-TS segments by the
HLS muxer. Decoding once is most of the saving over one run per rendition, and
since every variant sees the same frames and the same forced keyframe times,
segment boundaries line up across variants, which players need to switch
rendition cleanly.

Output layout under ``out_dir`` (names come from the profiles)::

    master.m3u8          # one #EXT-X-STREAM-INF (BANDWIDTH, RESOLUTION, CODECS) per rendition
    240p/index.m3u8      # VOD playlist of that rendition
    240p/seg_000.ts      # ~segment_seconds each
    360p/index.m3u8
    ...

The command line is built by the pure function ``hls_command`` so tests and
curious engineers can read exactly what runs.

(This module is ``pipeline.ffmpeg``; it runs the ``ffmpeg`` program with
``subprocess`` and does not use the ffmpeg-python package.)
"""

from __future__ import annotations

import math
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .ladder import AUDIO_PROFILE, Profile, scaled_width
from .probe import ProbeResult

__all__ = [
    "HlsOutput",
    "Rendition",
    "SpriteSpec",
    "TranscodeError",
    "sprite_spec_for",
    "thumbnails_vtt",
    "extract_poster",
    "finished_segments",
    "hls_command",
    "master_renditions",
    "tile_command",
    "poster_command",
    "transcode_hls",
]

MASTER_PLAYLIST = "master.m3u8"
VARIANT_PLAYLIST = "index.m3u8"
SEGMENT_PATTERN = "seg_%03d.ts"  # ffmpeg pattern: seg_000.ts, seg_001.ts, ...
POSTER_MAX_WIDTH = 1280
SPRITE_NAME = "sprite.jpg"
THUMBNAILS_NAME = "thumbnails.vtt"
THUMBS_DIR = "thumbs"  # working folder of the tile frames; not uploaded
THUMB_PATTERN = "%04d.jpg"
STDERR_TAIL_LINES = 15

# Profile names become directory names and go into -var_stream_map, which
# separates entries with spaces and fields with "," and ":".
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]+")


class TranscodeError(Exception):
    """ffmpeg failed or did not produce what it should have.

    The message says what was being made and ends with the last lines of
    ffmpeg's stderr, which is usually enough to see why. ``stderr`` holds the
    whole of it and ``returncode`` the exit code (None if ffmpeg never
    finished, e.g. on timeout).
    """

    def __init__(self, message: str, *, stderr: str = "", returncode: int | None = None) -> None:
        tail = _tail(stderr)
        super().__init__(f"{message}\n{tail}" if tail else message)
        self.stderr = stderr
        self.returncode = returncode


@dataclass(frozen=True)
class Rendition:
    """One variant stream of the HLS output, as the master playlist lists it."""

    profile: Profile
    playlist: Path  # relative to out_dir, e.g. Path("240p/index.m3u8")
    width: int
    height: int
    bandwidth: int  # bits/s, the BANDWIDTH ffmpeg wrote in the master playlist
    codecs: str = ""  # the CODECS attribute, e.g. 'avc1.4d401e,mp4a.40.2'
    segments: tuple[Path, ...] = ()  # relative to out_dir, in playback order


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
            f"{_vtt_time(start)} --> {_vtt_time(end)}",
            f"{sprite_url}#xywh={x},{y},{spec.tile_width},{spec.tile_height}",
            "",
        ]
    return "\n".join(lines)


def _vtt_time(seconds: float) -> str:
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


@dataclass(frozen=True)
class HlsOutput:
    """What ``transcode_hls`` wrote. All paths are relative to ``out_dir``."""

    master: Path  # Path("master.m3u8")
    renditions: list[Rendition]  # in the order of the profiles given
    files: list[Path]  # every file written: master, variant playlists, segments


def hls_command(
    *,
    source: Path,
    out_dir: Path,
    probe: ProbeResult,
    profiles: list[Profile],
    segment_seconds: int = 4,
    preset: str = "veryfast",
    ffmpeg_bin: str = "ffmpeg",
    audio_rendition: bool = False,
    sprite: SpriteSpec | None = None,
    playlist_type: str = "vod",
    report_progress: bool = False,
) -> list[str]:
    """Return the ffmpeg argument list that ``transcode_hls`` runs.

    ``audio_rendition`` adds an audio-only variant (when the source has audio);
    ``sprite`` adds a branch that writes the scrub-preview sprite sheet in the same
    decode; ``playlist_type="event"`` makes ffmpeg rewrite each variant playlist
    after every segment, so segments can be published while it runs;
    ``report_progress`` writes ffmpeg's ``-progress`` key=value blocks to stdout.

    Pure: looks at nothing on disk. Paths are made absolute so that neither
    the working directory nor a name with a colon (read by ffmpeg as a
    protocol, "a:b.mp4") can change their meaning.

    Raises ``ValueError`` for an empty profile list, duplicate or unsafe
    profile names, a "%" in ``out_dir`` (ffmpeg would read it as a pattern)
    or a non-positive ``segment_seconds``.
    """
    _check_arguments(out_dir=out_dir, profiles=profiles, segment_seconds=segment_seconds)
    source = Path(source).absolute()
    out_dir = Path(out_dir).absolute()
    count = len(profiles)
    video_in = f"0:{probe.video_stream_index}" if probe.video_stream_index is not None else "0:v:0"

    if playlist_type not in ("vod", "event"):
        raise ValueError(f"playlist_type must be 'vod' or 'event', got {playlist_type!r}")
    audio_rendition = audio_rendition and probe.has_audio

    # Decode once, then scale in a cascade, biggest first: 1080p -> 720p -> 480p -> ...,
    # each size split into its encoder and the input of the next smaller scaler, and the
    # smallest also feeding the thumbnail branch. Every scaler runs on ffmpeg's one filter
    # thread, which bounds the whole ladder, so each reads the smallest picture it can
    # (bilinear: for downscaling by these steps it looks the same as the default bicubic
    # and costs far less). setsar=1 marks the output pixels square: the target width was
    # computed from the display size.
    order = sorted(range(count), key=lambda i: profiles[i].height, reverse=True)
    graph = []
    current = f"[{video_in}]"
    for step, i in enumerate(order):
        width = scaled_width(probe.width, probe.height, profiles[i].height)
        scale = f"{current}scale=w={width}:h={profiles[i].height}:flags=bilinear,setsar=1"
        last = step == count - 1
        if not last:
            graph.append(f"{scale},split=2[v{i}][c{i}]")
            current = f"[c{i}]"
        elif sprite:
            graph.append(f"{scale},split=2[v{i}][t]")
        else:
            graph.append(f"{scale}[v{i}]")
    if sprite:
        graph.append(
            f"[t]fps=1/{sprite.interval:g},"
            f"scale=w={sprite.tile_width}:h={sprite.tile_height}:flags=bilinear,setsar=1[thumbs]"
        )

    command = [
        ffmpeg_bin,
        "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
    ]  # fmt: skip
    if report_progress:
        command += ["-progress", "pipe:1", "-nostats", "-stats_period", "0.5"]
    command += [
        "-i", str(source),
        "-filter_complex", ";".join(graph),
    ]  # fmt: skip

    # Output streams are numbered in -map order: video i is "v:i" and, with
    # audio, audio i is "a:i" (the same source audio encoded once per variant,
    # at that variant's bitrate).
    for i in range(count):
        command += ["-map", f"[v{i}]"]
        if probe.has_audio:
            command += ["-map", "0:a:0"]
    if audio_rendition:
        command += ["-map", "0:a:0"]  # audio stream number `count`: the audio-only variant

    command += [
        "-c:v", "libx264",
        "-preset", preset,
        "-profile:v", "main",  # plays on practically every device
        "-pix_fmt", "yuv420p",  # 8-bit 4:2:0, the only format all players decode
        # Keyframes exactly every segment_seconds, and none at scene cuts, so
        # every variant's segments start on the same frame.
        "-sc_threshold", "0",
        "-force_key_frames", f"expr:gte(t,n_forced*{segment_seconds})",
    ]  # fmt: skip
    if probe.frame_rate:
        # The GOP is one segment long, so x264 puts no extra keyframe in between.
        gop = max(1, round(probe.frame_rate * segment_seconds))
        command += ["-g", str(gop), "-keyint_min", str(gop)]
    for i, profile in enumerate(profiles):
        command += [
            f"-b:v:{i}", f"{profile.video_kbps}k",
            f"-maxrate:v:{i}", f"{profile.maxrate_kbps}k",
            f"-bufsize:v:{i}", f"{profile.bufsize_kbps}k",
        ]  # fmt: skip
    if probe.has_audio:
        # Stereo: surround sound at these bitrates would sound worse, and
        # browsers downmix anyway.
        command += ["-c:a", "aac", "-ac", "2"]
        for i, profile in enumerate(profiles):
            command += [f"-b:a:{i}", f"{profile.audio_kbps}k"]
        if audio_rendition:
            command += [f"-b:a:{count}", f"{AUDIO_PROFILE.audio_kbps}k"]

    if probe.has_audio:
        stream_map = " ".join(f"v:{i},a:{i},name:{p.name}" for i, p in enumerate(profiles))
    else:
        stream_map = " ".join(f"v:{i},name:{p.name}" for i, p in enumerate(profiles))
    if audio_rendition:
        stream_map += f" a:{count},name:{AUDIO_PROFILE.name}"
    command += [
        # Several encoders feed one muxer; a deeper queue avoids "Too many
        # packets buffered" failures while the slower ones catch up.
        "-max_muxing_queue_size", "1024",
        "-f", "hls",
        "-hls_time", str(segment_seconds),
        # vod: playlists written once, complete; event: rewritten after every segment
        # (growing, #EXT-X-ENDLIST added at the end), so they can be served early.
        "-hls_playlist_type", playlist_type,
        # Tells players every segment starts on a keyframe, which the forced
        # keyframes above guarantee, so they can switch variant at any segment.
        "-hls_flags", "independent_segments",
        "-hls_segment_type", "mpegts",
        # ffmpeg replaces %v with each variant's name from -var_stream_map.
        "-hls_segment_filename", str(out_dir / "%v" / SEGMENT_PATTERN),
        # Written next to the variant directories (ffmpeg puts it in the
        # parent of "%v"), listing them as "240p/index.m3u8".
        "-master_pl_name", MASTER_PLAYLIST,
        "-var_stream_map", stream_map,
        str(out_dir / "%v" / VARIANT_PLAYLIST),
    ]  # fmt: skip
    if sprite:
        # One small JPEG per tile; ``tile_command`` joins them into the sprite afterwards.
        # (A tile filter here would emit its only frame at the very end, and ffmpeg 5
        # then stalls its main loop, and its progress reports, on that output.)
        command += [
            "-map", "[thumbs]", "-frames:v", str(sprite.count),
            "-c:v", "mjpeg", "-q:v", "5",
            "-f", "image2",
            str(out_dir / THUMBS_DIR / THUMB_PATTERN),
        ]  # fmt: skip
    return command


def tile_command(*, out_dir: Path, sprite: SpriteSpec, ffmpeg_bin: str = "ffmpeg") -> list[str]:
    """Return the ffmpeg command that tiles the thumbnail frames into the sprite (pure)."""
    out_dir = Path(out_dir).absolute()
    return [
        ffmpeg_bin,
        "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
        "-framerate", "1", "-start_number", "1",
        "-i", str(out_dir / THUMBS_DIR / THUMB_PATTERN),
        "-vf", f"tile={sprite.columns}x{sprite.rows}",
        "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "5",
        "-f", "image2", "-update", "1",
        str(out_dir / SPRITE_NAME),
    ]  # fmt: skip


def transcode_hls(
    *,
    source: Path,
    out_dir: Path,
    probe: ProbeResult,
    profiles: list[Profile],
    segment_seconds: int = 4,
    preset: str = "veryfast",
    ffmpeg_bin: str = "ffmpeg",
    timeout: float | None = None,
    audio_rendition: bool = False,
    sprite: SpriteSpec | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> HlsOutput:
    """Encode ``source`` into an HLS package in ``out_dir`` and describe it.

    ``probe`` must be the ``ProbeResult`` of ``source`` (its display size sets
    the output widths, ``has_audio`` whether variants carry audio).
    ``out_dir`` is created if needed and must be empty, so that ``files`` is
    exactly what to upload. ``timeout`` (seconds) bounds the ffmpeg run.

    With ``on_progress``, playlists are written as ``event`` playlists (rewritten after
    every segment) and ``on_progress(seconds_encoded)`` is called about twice a second
    while ffmpeg runs, so the caller can report progress and publish finished segments
    (a segment is finished once its variant playlist lists it). Exceptions raised by
    ``on_progress`` stop ffmpeg and propagate.

    Raises ``TranscodeError`` (with ffmpeg's stderr tail) when ffmpeg fails,
    times out, or leaves a playlist or segment missing; ``ValueError`` for bad
    arguments (see ``hls_command``) or a non-empty ``out_dir``.
    """
    command = hls_command(
        source=source,
        out_dir=out_dir,
        probe=probe,
        profiles=profiles,
        segment_seconds=segment_seconds,
        preset=preset,
        ffmpeg_bin=ffmpeg_bin,
        audio_rendition=audio_rendition,
        sprite=sprite,
        playlist_type="event" if on_progress else "vod",
        report_progress=on_progress is not None,
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise ValueError(f"out_dir must be empty: {out_dir}")
    profiles = list(profiles)
    if audio_rendition and probe.has_audio:
        profiles.append(AUDIO_PROFILE)
    # Recent ffmpeg versions create the %v directories themselves; creating
    # them here does not depend on that.
    for profile in profiles:
        (out_dir / profile.name).mkdir()
    if sprite:
        (out_dir / THUMBS_DIR).mkdir()

    what = f"Transcoding {Path(source).name} to HLS"
    if on_progress is None:
        _run(command, what=what, timeout=timeout)
    else:
        _run_with_progress(command, what=what, timeout=timeout, on_progress=on_progress)
    output = _read_output(out_dir, profiles)
    if sprite:
        if not any((out_dir / THUMBS_DIR).iterdir()):
            raise TranscodeError(f"{what}: ffmpeg wrote no preview frames.")
        _run(tile_command(out_dir=out_dir, sprite=sprite, ffmpeg_bin=ffmpeg_bin), what="Making the preview sprite", timeout=timeout)
        if not (out_dir / SPRITE_NAME).is_file():
            raise TranscodeError("Making the preview sprite: ffmpeg wrote no sprite.")
        output.files.append(Path(SPRITE_NAME))
    return output


def finished_segments(out_dir: Path, profile_name: str) -> list[Path]:
    """Segments of one variant that ffmpeg has finished: those its playlist lists so far.

    Paths are relative to ``out_dir``. For use while an event-playlist transcode runs.
    """
    try:
        text = (Path(out_dir) / profile_name / VARIANT_PLAYLIST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [Path(profile_name) / uri for uri in _segment_uris(text)]


def _run_with_progress(
    command: list[str], *, what: str, timeout: float | None, on_progress: Callable[[float], None]
) -> None:
    """Run ffmpeg with ``-progress pipe:1``, calling ``on_progress(seconds)`` per report."""
    with tempfile.TemporaryFile(mode="w+", errors="replace") as stderr:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, text=True, errors="replace"
        )
        timed_out = threading.Event()

        def stop_for_timeout() -> None:
            timed_out.set()
            process.kill()

        timer = threading.Timer(timeout, stop_for_timeout) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        seconds = 0.0
        try:
            assert process.stdout is not None
            for line in process.stdout:
                key, _, value = line.strip().partition("=")
                if key == "out_time_us" and value.lstrip("-").isdigit():
                    seconds = max(seconds, int(value) / 1_000_000)
                elif key == "progress":
                    on_progress(seconds)
            returncode = process.wait()
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            if timer:
                timer.cancel()
        stderr.seek(0)
        errors = stderr.read()
    if timed_out.is_set():
        raise TranscodeError(f"{what} took longer than {timeout:g}s and was stopped.", stderr=errors)
    if returncode != 0:
        raise TranscodeError(f"{what} failed (ffmpeg exit code {returncode}).", stderr=errors, returncode=returncode)


def poster_command(
    *,
    source: Path,
    out_path: Path,
    at_seconds: float,
    max_width: int = POSTER_MAX_WIDTH,
    ffmpeg_bin: str = "ffmpeg",
) -> list[str]:
    """Return the ffmpeg argument list that ``extract_poster`` runs (pure)."""
    if at_seconds < 0:
        raise ValueError(f"at_seconds must not be negative, got {at_seconds}")
    # First make pixels square (iw*sar), then shrink to at most max_width,
    # keeping the proportions; smaller frames keep their size. The quotes
    # protect the comma inside min() from the filtergraph parser.
    video_filter = f"scale=iw*sar:ih,setsar=1,scale='min({max_width},iw)':-1"
    return [
        ffmpeg_bin,
        "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
        # -ss before -i seeks in the input (fast), then decodes to the exact time.
        "-ss", f"{at_seconds:.3f}",
        "-i", str(Path(source).absolute()),
        "-frames:v", "1",
        "-vf", video_filter,
        "-c:v", "mjpeg",
        "-q:v", "3",  # JPEG quality: 2 (best) .. 31; 3 looks clean at modest size
        # image2 with -update writes one plain file, whatever the extension.
        "-f", "image2", "-update", "1",
        str(Path(out_path).absolute()),
    ]  # fmt: skip


def extract_poster(
    *,
    source: Path,
    out_path: Path,
    at_seconds: float,
    ffmpeg_bin: str = "ffmpeg",
    timeout: float | None = 120.0,
) -> Path:
    """Write one frame of ``source``, taken at ``at_seconds``, as a JPEG.

    The image has the video's display proportions and is at most 1280 pixels
    wide. Returns ``out_path``. Pick ``at_seconds`` inside the video (e.g. a
    few seconds in, or a tenth of the duration for short clips): past the end
    there is no frame and ``TranscodeError`` is raised, as it is when ffmpeg
    fails. Parent directories of ``out_path`` are created.
    """
    out_path = Path(out_path)
    command = poster_command(
        source=source, out_path=out_path, at_seconds=at_seconds, ffmpeg_bin=ffmpeg_bin
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.unlink(missing_ok=True)  # so a stale file cannot pass as a new poster
    what = f"Extracting a poster from {Path(source).name} at {at_seconds:g}s"
    _run(command, what=what, timeout=timeout)
    # ffmpeg exits 0 without writing anything when the time is past the end.
    if not out_path.exists() or out_path.stat().st_size == 0:
        out_path.unlink(missing_ok=True)
        raise TranscodeError(f"{what} failed: there is no frame at that time (is it past the end?).")
    return out_path


def _check_arguments(*, out_dir: Path, profiles: list[Profile], segment_seconds: int) -> None:
    if not profiles:
        raise ValueError("profiles must not be empty")
    names = [profile.name for profile in profiles]
    if len(set(names)) != len(names):
        raise ValueError(f"profile names must be unique, got {names}")
    for name in names:
        if not _SAFE_NAME.fullmatch(name):
            raise ValueError(f"profile name {name!r} may only use letters, digits, '_' and '-'")
    if "%" in str(out_dir):
        raise ValueError(f"out_dir must not contain '%': {out_dir}")
    if segment_seconds <= 0:
        raise ValueError(f"segment_seconds must be positive, got {segment_seconds}")


def _run(command: list[str], *, what: str, timeout: float | None) -> None:
    """Run ffmpeg; raise TranscodeError with its stderr if it fails."""
    try:
        completed = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # -loglevel error: all we need is on stderr
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        # subprocess kills ffmpeg before raising; its stderr may come as bytes.
        stderr = error.stderr
        if isinstance(stderr, bytes):
            stderr = stderr.decode(errors="replace")
        message = f"{what} took longer than {timeout}s and was stopped."
        raise TranscodeError(message, stderr=stderr or "") from None
    if completed.returncode != 0:
        raise TranscodeError(
            f"{what} failed (ffmpeg exit code {completed.returncode}).",
            stderr=completed.stderr,
            returncode=completed.returncode,
        )


def _read_output(out_dir: Path, profiles: list[Profile]) -> HlsOutput:
    """Build the HlsOutput from the playlists ffmpeg wrote, checking every file exists.

    The master playlist is the source of truth for sizes and BANDWIDTH (ffmpeg
    computes it, roughly average bitrates plus 10%), so it is read back rather
    than predicted.
    """
    master = Path(MASTER_PLAYLIST)
    master_text = _read_text(out_dir / master)
    variants = _parse_master(master_text)

    renditions: list[Rendition] = []
    files: list[Path] = [master]
    for profile in profiles:
        playlist = Path(profile.name) / VARIANT_PLAYLIST
        attributes = variants.get(playlist.as_posix())
        if attributes is None:
            raise TranscodeError(
                f"The master playlist has no entry for {playlist.as_posix()}:\n{master_text}"
            )
        width, _, height = attributes.get("RESOLUTION", "0x0").partition("x")
        segments = tuple(
            playlist.parent / uri for uri in _segment_uris(_read_text(out_dir / playlist))
        )
        if not segments:
            raise TranscodeError(f"{playlist.as_posix()} lists no segments.")
        for segment in segments:
            if not (out_dir / segment).is_file():
                raise TranscodeError(
                    f"{playlist.as_posix()} lists {segment.as_posix()}, which ffmpeg did not write."
                )
        renditions.append(
            Rendition(
                profile=profile,
                playlist=playlist,
                width=int(width or 0),
                height=int(height or 0),
                bandwidth=int(attributes.get("BANDWIDTH", "0")),
                codecs=attributes.get("CODECS", ""),
                segments=segments,
            )
        )
        files += [playlist, *segments]
    return HlsOutput(master=master, renditions=renditions, files=files)


def master_renditions(master_text: str) -> list[Rendition]:
    """The renditions a master playlist lists (no segments), e.g. while ffmpeg still runs."""
    renditions = []
    for uri, attributes in _parse_master(master_text).items():
        width, _, height = attributes.get("RESOLUTION", "0x0").partition("x")
        name = Path(uri).parent.name
        renditions.append(
            Rendition(
                profile=Profile(name=name, height=int(height or 0), video_kbps=0, audio_kbps=0),
                playlist=Path(uri),
                width=int(width or 0),
                height=int(height or 0),
                bandwidth=int(attributes.get("BANDWIDTH", "0")),
                codecs=attributes.get("CODECS", ""),
            )
        )
    return renditions


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TranscodeError(f"ffmpeg finished but did not write {path.name} in {path.parent}.") from None


# An attribute list: KEY=value or KEY="quoted, value", separated by commas.
_ATTRIBUTE = re.compile(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)')


def _parse_master(text: str) -> dict[str, dict[str, str]]:
    """Map each variant URI in a master playlist to its #EXT-X-STREAM-INF attributes.

    Quotes are removed from quoted values: CODECS="avc1.4d401e,mp4a.40.2"
    gives {"CODECS": "avc1.4d401e,mp4a.40.2"}.
    """
    variants: dict[str, dict[str, str]] = {}
    pending: dict[str, str] | None = None
    for line in (line.strip() for line in text.splitlines()):
        if line.startswith("#EXT-X-STREAM-INF:"):
            pending = {
                key: value.strip('"')
                for key, value in _ATTRIBUTE.findall(line.removeprefix("#EXT-X-STREAM-INF:"))
            }
        elif line and not line.startswith("#") and pending is not None:
            variants[line] = pending  # the URI line follows its tag
            pending = None
    return variants


def _segment_uris(text: str) -> list[str]:
    """Return the segment URIs of a media playlist: its lines that are not tags."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _tail(stderr: str, lines: int = STDERR_TAIL_LINES) -> str:
    kept = [line for line in stderr.splitlines() if line.strip()]
    return "\n".join(kept[-lines:])

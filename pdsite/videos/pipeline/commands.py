"""ffmpeg command lines, built by pure functions: what runs is readable and testable.

- ``hls_command``: the whole ladder (plus an audio-only variant and the sprite frames) in
  ONE ffmpeg process: the source is decoded once and scaled down in a cascade (``split``
  after each size), each size encoded to H.264 (+ AAC when the source has audio) and cut
  into MPEG-TS segments by the HLS muxer. Decoding once is most of the saving over one
  run per rendition, and since every variant sees the same frames and the same forced
  keyframe times, segment boundaries line up across variants, which players need to
  switch rendition cleanly.
- ``tile_command``: joins the sprite frames into one sheet.
- ``poster_command``: one JPEG frame.
- ``audio_hls_command``: an audio file (a described audio track) as one audio-only HLS
  rendition, padded or cut to the video's length and cut at the video's segment duration.
- ``source_input``: how each of them reads an upload: local files only
  (``protocols.INPUT_OPTIONS``) and only the containers ``probe`` accepts.

Output layout of ``hls_command`` under ``out_dir`` (names come from the profiles)::

    master.m3u8          # one #EXT-X-STREAM-INF (BANDWIDTH, RESOLUTION, CODECS) per rendition
    240p/index.m3u8      # VOD playlist of that rendition
    240p/seg_000.ts      # ~segment_seconds each
    360p/index.m3u8
    ...

Nothing here looks at the disk or runs anything (``runner`` runs, ``ffmpeg`` drives the
jobs). The benchmark (``benchmarks/transcode.py``) runs ``hls_command`` too, so both use
the same settings.
"""

from __future__ import annotations

import re
from pathlib import Path

from .ladder import AUDIO_PROFILE, Profile, scaled_width
from .probe import KNOWN_AUDIO_CONTAINERS, KNOWN_CONTAINERS, ProbeResult
from .protocols import INPUT_OPTIONS
from .sprite import SPRITE_NAME, SpriteSpec

__all__ = [
    "AUDIO_TRACK_KBPS",
    "MASTER_PLAYLIST",
    "SEGMENT_PATTERN",
    "THUMBS_DIR",
    "VARIANT_PLAYLIST",
    "audio_hls_command",
    "hls_command",
    "poster_command",
    "source_input",
    "tile_command",
]

MASTER_PLAYLIST = "master.m3u8"
VARIANT_PLAYLIST = "index.m3u8"
SEGMENT_PATTERN = "seg_%03d.ts"  # ffmpeg pattern: seg_000.ts, seg_001.ts, ...
POSTER_MAX_WIDTH = 1280
AUDIO_TRACK_KBPS = 96  # a described audio track: speech over the programme sound
THUMBS_DIR = "thumbs"  # working folder of the tile frames; not uploaded
THUMB_PATTERN = "%04d.jpg"

# Profile names become directory names and go into -var_stream_map, which
# separates entries with spaces and fields with "," and ":".
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]+")


def source_input(source: Path, *, containers: frozenset[str] = KNOWN_CONTAINERS) -> list[str]:
    """The ``-i`` of an uploaded file, with what ffmpeg may do while reading it (pure).

    Only the file and pipe protocols (``protocols``), and only the demuxers of the
    containers ``probe`` accepts (ffmpeg matches any name of a demuxer, e.g. "mp4" of
    "mov,mp4,m4a,..."): an HLS playlist or a concat list is refused outright, so it
    cannot make ffmpeg open other files or URLs. The path is made absolute, so a name
    with a colon ("a:b.mp4") is not read as a protocol.
    """
    return [
        *INPUT_OPTIONS,
        "-format_whitelist", ",".join(sorted(containers)),
        "-i", str(Path(source).absolute()),
    ]  # fmt: skip


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
        *source_input(source),
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


def audio_hls_command(
    *,
    source: Path,
    out_dir: Path,
    duration: float,
    segment_seconds: int = 4,
    audio_kbps: int = AUDIO_TRACK_KBPS,
    ffmpeg_bin: str = "ffmpeg",
) -> list[str]:
    """Return the ffmpeg argument list that ``ffmpeg.encode_audio_hls`` runs (pure).

    The first audio stream of ``source`` becomes stereo AAC in MPEG-TS segments of
    ``segment_seconds`` (the video's ``hls_time``), written as ``out_dir/index.m3u8`` and
    ``out_dir/seg_000.ts``...; padded with silence or cut so it lasts exactly ``duration``
    (the video's), so its segments line up with the video's and the player can switch to
    it at any moment. Raises ``ValueError`` for a non-positive duration or segment length,
    or a "%" in ``out_dir``.
    """
    if duration <= 0 or segment_seconds <= 0:
        raise ValueError(f"duration and segment_seconds must be positive, got {duration}, {segment_seconds}")
    out_dir = Path(out_dir).absolute()
    if "%" in str(out_dir):
        raise ValueError(f"out_dir must not contain '%': {out_dir}")
    return [
        ffmpeg_bin,
        "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
        *source_input(source, containers=KNOWN_AUDIO_CONTAINERS),
        "-map", "0:a:0", "-vn", "-sn", "-dn",
        # Silence after a short track, then -t cuts both kinds to the video's length.
        "-af", "apad",
        "-t", f"{duration:.3f}",
        "-c:a", "aac", "-ac", "2", "-b:a", f"{audio_kbps}k",
        "-f", "hls",
        "-hls_time", str(segment_seconds),
        "-hls_playlist_type", "vod",
        "-hls_flags", "independent_segments",
        "-hls_segment_type", "mpegts",
        "-hls_segment_filename", str(out_dir / SEGMENT_PATTERN),
        str(out_dir / VARIANT_PLAYLIST),
    ]  # fmt: skip


def tile_command(*, out_dir: Path, sprite: SpriteSpec, ffmpeg_bin: str = "ffmpeg") -> list[str]:
    """Return the ffmpeg command that tiles the thumbnail frames into the sprite (pure)."""
    out_dir = Path(out_dir).absolute()
    return [
        ffmpeg_bin,
        "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
        "-framerate", "1", "-start_number", "1",
        *INPUT_OPTIONS,  # our own frames, but every ffmpeg reads local files only
        "-i", str(out_dir / THUMBS_DIR / THUMB_PATTERN),
        "-vf", f"tile={sprite.columns}x{sprite.rows}",
        "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "5",
        "-f", "image2", "-update", "1",
        str(out_dir / SPRITE_NAME),
    ]  # fmt: skip


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
        *source_input(source),
        "-frames:v", "1",
        "-vf", video_filter,
        "-c:v", "mjpeg",
        "-q:v", "3",  # JPEG quality: 2 (best) .. 31; 3 looks clean at modest size
        # image2 with -update writes one plain file, whatever the extension.
        "-f", "image2", "-update", "1",
        str(Path(out_path).absolute()),
    ]  # fmt: skip


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

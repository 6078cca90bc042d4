"""The ffmpeg jobs: transcode a source to an HLS package, grab a poster frame.

``transcode_hls`` runs ``commands.hls_command`` (every rendition in one ffmpeg process,
see ``commands``), then the sprite tiling, and checks what ffmpeg wrote against the
playlists (read with ``m3u8``) before describing it as an ``HlsOutput``.
``extract_poster`` runs ``commands.poster_command`` and checks a frame was written.
``encode_audio_hls`` runs ``commands.audio_hls_command`` (a described audio track).
``finished_segments`` lists what an event-playlist transcode has finished so far.

Local files only; running ffmpeg is ``runner``'s. (This module runs the ``ffmpeg``
program with ``subprocess``; it does not use the ffmpeg-python package.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .commands import (
    MASTER_PLAYLIST,
    THUMBS_DIR,
    VARIANT_PLAYLIST,
    audio_hls_command,
    hls_command,
    poster_command,
    tile_command,
)
from .ladder import AUDIO_PROFILE, Profile
from .m3u8 import Rendition, rendition_from_attributes, segment_uris, variant_streams
from .probe import ProbeResult
from .runner import TranscodeError, run_ffmpeg, run_ffmpeg_with_progress
from .sprite import SPRITE_NAME, SpriteSpec

__all__ = ["HlsOutput", "encode_audio_hls", "extract_poster", "finished_segments", "transcode_hls"]


@dataclass(frozen=True)
class HlsOutput:
    """What ``transcode_hls`` wrote. All paths are relative to ``out_dir``."""

    master: Path  # Path("master.m3u8")
    renditions: list[Rendition]  # in the order of the profiles given
    files: list[Path]  # every file written: master, variant playlists, segments


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
        run_ffmpeg(command, what=what, timeout=timeout)
    else:
        run_ffmpeg_with_progress(command, what=what, timeout=timeout, on_progress=on_progress)
    output = _read_output(out_dir, profiles)
    if sprite:
        if not any((out_dir / THUMBS_DIR).iterdir()):
            raise TranscodeError(f"{what}: ffmpeg wrote no preview frames.")
        tile = tile_command(out_dir=out_dir, sprite=sprite, ffmpeg_bin=ffmpeg_bin)
        run_ffmpeg(tile, what="Making the preview sprite", timeout=timeout)
        if not (out_dir / SPRITE_NAME).is_file():
            raise TranscodeError("Making the preview sprite: ffmpeg wrote no sprite.")
        output.files.append(Path(SPRITE_NAME))
    return output


def encode_audio_hls(
    *,
    source: Path,
    out_dir: Path,
    duration: float,
    segment_seconds: int = 4,
    ffmpeg_bin: str = "ffmpeg",
    timeout: float | None = None,
) -> list[Path]:
    """Encode the audio file ``source`` as one audio-only HLS rendition in ``out_dir`` (made
    if needed, must be empty), lasting ``duration`` seconds (see ``audio_hls_command``).

    Returns the files written, relative to ``out_dir``: ``index.m3u8`` first, then the
    segments in playback order. Raises ``TranscodeError`` when ffmpeg fails, times out or
    leaves a segment missing; ``ValueError`` for bad arguments or a non-empty ``out_dir``.
    """
    command = audio_hls_command(
        source=source, out_dir=out_dir, duration=duration, segment_seconds=segment_seconds, ffmpeg_bin=ffmpeg_bin
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise ValueError(f"out_dir must be empty: {out_dir}")
    what = f"Encoding {Path(source).name} as an HLS audio track"
    run_ffmpeg(command, what=what, timeout=timeout)
    playlist = Path(VARIANT_PLAYLIST)
    segments = [Path(uri) for uri in segment_uris(_read_text(out_dir / playlist))]
    if not segments:
        raise TranscodeError(f"{what}: the playlist lists no segments.")
    for segment in segments:
        if not (out_dir / segment).is_file():
            raise TranscodeError(f"{what}: the playlist lists {segment.as_posix()}, which ffmpeg did not write.")
    return [playlist, *segments]


def finished_segments(out_dir: Path, profile_name: str) -> list[Path]:
    """Segments of one variant that ffmpeg has finished: those its playlist lists so far.

    Paths are relative to ``out_dir``. For use while an event-playlist transcode runs.
    """
    try:
        text = (Path(out_dir) / profile_name / VARIANT_PLAYLIST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [Path(profile_name) / uri for uri in segment_uris(text)]


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
    command = poster_command(source=source, out_path=out_path, at_seconds=at_seconds, ffmpeg_bin=ffmpeg_bin)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.unlink(missing_ok=True)  # so a stale file cannot pass as a new poster
    what = f"Extracting a poster from {Path(source).name} at {at_seconds:g}s"
    run_ffmpeg(command, what=what, timeout=timeout)
    # ffmpeg exits 0 without writing anything when the time is past the end.
    if not out_path.exists() or out_path.stat().st_size == 0:
        out_path.unlink(missing_ok=True)
        raise TranscodeError(f"{what} failed: there is no frame at that time (is it past the end?).")
    return out_path


def _read_output(out_dir: Path, profiles: list[Profile]) -> HlsOutput:
    """Build the HlsOutput from the playlists ffmpeg wrote, checking every file exists.

    The master playlist is the source of truth for sizes and BANDWIDTH (ffmpeg
    computes it, roughly average bitrates plus 10%), so it is read back rather
    than predicted.
    """
    master = Path(MASTER_PLAYLIST)
    master_text = _read_text(out_dir / master)
    variants = variant_streams(master_text)

    renditions: list[Rendition] = []
    files: list[Path] = [master]
    for profile in profiles:
        playlist = Path(profile.name) / VARIANT_PLAYLIST
        attributes = variants.get(playlist.as_posix())
        if attributes is None:
            raise TranscodeError(f"The master playlist has no entry for {playlist.as_posix()}:\n{master_text}")
        segments = tuple(playlist.parent / uri for uri in segment_uris(_read_text(out_dir / playlist)))
        if not segments:
            raise TranscodeError(f"{playlist.as_posix()} lists no segments.")
        for segment in segments:
            if not (out_dir / segment).is_file():
                raise TranscodeError(f"{playlist.as_posix()} lists {segment.as_posix()}, which ffmpeg did not write.")
        renditions.append(
            rendition_from_attributes(playlist.as_posix(), attributes, profile=profile, segments=segments)
        )
        files += [playlist, *segments]
    return HlsOutput(master=master, renditions=renditions, files=files)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TranscodeError(f"ffmpeg finished but did not write {path.name} in {path.parent}.") from None

"""The bitrate ladder: which renditions (sizes and bitrates) to make of a video.

HLS players switch between renditions as the viewer's bandwidth changes, so
a video is encoded several times at different heights. ``ladder_for`` picks
the renditions that make sense for one source: never larger than the source,
because upscaling costs bandwidth without adding detail.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AUDIO_PROFILE",
    "LADDER",
    "RECORDING_LADDER",
    "RECORDING_MAX_HEIGHT",
    "Profile",
    "ladder_for",
    "scaled_width",
]


@dataclass(frozen=True)
class Profile:
    """One rendition's target: output height and H.264/AAC bitrates."""

    name: str  # e.g. "240p"; also the rendition's directory in the HLS output
    height: int  # output height in pixels (always even, as H.264 4:2:0 needs)
    video_kbps: int  # average video bitrate
    audio_kbps: int  # AAC bitrate, used only when the source has audio

    @property
    def maxrate_kbps(self) -> int:
        """Peak video bitrate the encoder may reach.

        10% above the average keeps quality steady on busy scenes while the
        master playlist's BANDWIDTH (which ffmpeg derives from these numbers)
        stays honest for players choosing a rendition.
        """
        return self.video_kbps * 11 // 10

    @property
    def bufsize_kbps(self) -> int:
        """Size of the rate-control buffer: two seconds at the average rate.

        A smaller buffer follows maxrate more strictly at some cost in
        quality; two seconds is a common compromise for streaming.
        """
        return self.video_kbps * 2


# Heights are the usual 16:9 steps; bitrates are typical for H.264 talking-head
# and classroom footage, which compresses well.
LADDER: tuple[Profile, ...] = (
    Profile(name="240p", height=240, video_kbps=400, audio_kbps=64),
    Profile(name="360p", height=360, video_kbps=800, audio_kbps=96),
    Profile(name="480p", height=480, video_kbps=1400, audio_kbps=128),
    Profile(name="720p", height=720, video_kbps=2800, audio_kbps=128),
    Profile(name="1080p", height=1080, video_kbps=5000, audio_kbps=128),
)

# A teacher's lesson recording (pdsite.lessons; ``Video.private``) is watched by its owner and
# the few people it is shared with, on school networks and laptops, to see and hear the
# lesson rather than fine detail. It gets the clip rungs of ``RECORDING_LADDER`` (same sizes
# and bitrates) up to ``RECORDING_MAX_HEIGHT``, plus the largest clip rung its source reaches
# within that, so it always has one at (nearly) full size: 720p gives 240p/480p/720p (one
# encoder and 14 % of the pixels fewer than its four clip rungs), 1080p the same (less than
# half the pixels of five), 360p 240p/360p. A lesson is long, and its teacher waits for it
# (``benchmarks transcode --lesson``).
RECORDING_LADDER: tuple[Profile, ...] = tuple(p for p in LADDER if p.name in ("240p", "480p", "720p"))
RECORDING_MAX_HEIGHT = 720

# The audio-only rendition: for viewers on a poor connection who mostly need to hear
# the workshop. Players that show video skip it while a video rendition fits.
AUDIO_PROFILE = Profile(name="audio", height=0, video_kbps=0, audio_kbps=64)


def ladder_for(source_height: int, *, recording: bool = False) -> list[Profile]:
    """Return the renditions to make for a source of this (display) height.

    Every ladder profile at or below ``source_height``, smallest first; for a lesson
    ``recording``, only those of ``RECORDING_LADDER`` and the largest at or below
    ``RECORDING_MAX_HEIGHT`` (see there). A
    source shorter than the smallest profile still gets one rendition, at
    its own height rounded down to even (H.264 4:2:0 needs even sizes),
    named after it ("180p") and with the smallest profile's bitrates.

    Raises ``ValueError`` when ``source_height`` is not positive.
    """
    if source_height <= 0:
        raise ValueError(f"source_height must be positive, got {source_height}")
    profiles = [profile for profile in LADDER if profile.height <= source_height]
    if recording and profiles:
        reached = [profile for profile in profiles if profile.height <= RECORDING_MAX_HEIGHT]
        profiles = [profile for profile in reached if profile in RECORDING_LADDER or profile is reached[-1]]
    if profiles:
        return profiles
    smallest = LADDER[0]
    height = max(2, source_height - source_height % 2)
    return [
        Profile(
            name=f"{height}p",
            height=height,
            video_kbps=smallest.video_kbps,
            audio_kbps=smallest.audio_kbps,
        )
    ]


def scaled_width(source_width: int, source_height: int, target_height: int) -> int:
    """Return the even width that keeps the source's aspect ratio at ``target_height``.

    Rounds to the nearest even number (H.264 4:2:0 needs even sizes), so a
    640x360 source gives 426 at 240 and 1280 at 720. Never less than 2.
    Pass the display size (``ProbeResult.width``/``height``), not the coded size.
    """
    if source_width <= 0 or source_height <= 0 or target_height <= 0:
        raise ValueError(
            f"sizes must be positive, got {source_width}x{source_height} -> height {target_height}"
        )
    exact = source_width * target_height / source_height
    return max(2, 2 * round(exact / 2))

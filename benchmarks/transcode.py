"""How long an upload takes to become playable, against bare ffmpeg (issues #5, #17).

On a generated 1080p30 clip with audio (60 s; 4 s, one segment, with ``--quick``), or with ``--lesson``
a 10-minute 720p30 recording with speech (espeak-ng; the shape of a teacher's lesson
recording), one run measures:

(a) ``ready_seconds``: pdsite from upload-complete to READY, i.e. the transcode task's
    body ``video_transcode`` on a video made by ``video_create``: copy the source out of
    storage, probe, encode the ladder, grab the poster, store every file, write the
    Rendition rows.
(b) ``per_rendition_seconds``: one bare ffmpeg run per rendition, each decoding the
    source again, summed (``per_rendition_each_seconds`` has each run).
(c) ``single_command_seconds``: the one ffmpeg command pdsite runs for the whole
    ladder, run bare: no Django, no storage.
(d) ``first_playable_seconds``: the moment, during (a), from which the master playlist
    and the lowest rendition's first segment are in storage (polled in a thread). pdsite
    stores the master only when every rendition has its first segment stored (PLAYABLE).

The bare runs use ``hls_command``, as pdsite does, so every encoder setting is the same
(scaler, keyframes, x264 preset and rates). pdsite does more on top: an audio-only
rendition, the thumbnail branch and sprite, the poster, and storing every file.

Goals: ``ladder_speedup`` = b / a >= 1.40 (one decode for the whole ladder pays off);
``overhead`` = a / c - 1 <= 0.10 (what pdsite adds to ffmpeg is small);
``first_playable_ratio`` = d / c <= 0.35 (playback starts well before the ladder is done).
With ``--lesson`` also ``ready_ratio`` = a / duration <= 1.0 (ready before it could have
been watched through) and ``first_playable_seconds`` = d <= 10 (after the upload completed);
the lesson is uploaded as a recording (``private``), so it and the bare runs get the
recording ladder (``ladder.RECORDING_LADDER``: 240p, 480p, 720p).
"""

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from pdsite.celery import app as celery_app
from pdsite.videos.models import Video
from pdsite.videos.pipeline.commands import MASTER_PLAYLIST, SEGMENT_PATTERN, hls_command
from pdsite.videos.pipeline.ladder import Profile, ladder_for
from pdsite.videos.pipeline.probe import ProbeResult, probe
from pdsite.videos.pipeline.samples import make_sample_clip, make_silent_clip
from pdsite.videos.services import video_create, video_transcode

from ._support import Goal, Timing, judge, progress, timed

POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Source:
    """The clip a run transcodes."""

    seconds: int
    width: int
    height: int
    fps: int
    speech: bool  # spoken sentences (a lesson recording) rather than a tone

    @property
    def label(self) -> str:
        return f"{self.width}x{self.height} {self.fps} fps H.264/AAC" + (" with speech" if self.speech else "")


DEFAULT = Source(seconds=60, width=1920, height=1080, fps=30, speech=False)
QUICK = Source(seconds=4, width=1920, height=1080, fps=30, speech=False)  # still all five renditions
LESSON = Source(seconds=600, width=1280, height=720, fps=30, speech=True)
# What a teacher says in the lesson recording, spoken again and again for its ten minutes.
LESSON_SENTENCES = [
    "Today we are going to look at equivalent fractions with bar models.",
    "Draw a bar and split it into three equal parts.",
    "Now shade two of them: that is two thirds of the whole bar.",
    "Split every part in half again. How many parts are shaded now?",
    "Four sixths and two thirds cover exactly the same length of the bar.",
    "Talk to your partner about why multiplying the top and the bottom works.",
]

GOALS = {
    "ladder_speedup": Goal(">=", 1.40),
    "overhead": Goal("<=", 0.10),
    "first_playable_ratio": Goal("<=", 0.35),
}
# A lesson recording is ready no later than it would take to watch it, and playable
# within seconds of the upload completing, whatever its length (issue #17).
LESSON_GOALS = {
    **GOALS,
    "ready_ratio": Goal("<=", 1.0),
    "first_playable_seconds": Goal("<=", 10.0),
}


def run(quick: bool, lesson: bool = False) -> dict:
    clip = LESSON if lesson else QUICK if quick else DEFAULT
    load_average = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="transcode-benchmark-") as workdir:
        work = Path(workdir)
        progress(f"generating a {clip.seconds:g} s {clip.label} clip")
        source = _make_source(work / "source.mp4", clip)
        probed = probe(source, ffprobe_bin=settings.FFPROBE_BINARY)
        # A lesson is uploaded as a recording (private), so it gets the recording ladder; the
        # bare runs encode the same profiles, so the ratios compare like with like.
        profiles = ladder_for(probed.height, recording=lesson)

        progress("(c) one bare ffmpeg command for the whole ladder")
        single = _time_bare_ffmpeg(source, work / "single", probed=probed, profiles=profiles)
        progress(f"(c) {single.wall:.1f} s wall, {single.cpu:.1f} s CPU")

        progress("(a, d) pdsite: video_transcode until READY, watching storage for the first segment")
        ready, first_playable = _time_pdsite(source, lowest=profiles[0], recording=lesson)
        progress(f"(a) ready after {ready.wall:.1f} s ({ready.wall / probed.duration:.2f} × the duration), "
                 f"(d) playable after {first_playable:.1f} s")

        each = {}
        for profile in profiles:
            progress(f"(b) one bare ffmpeg run for {profile.name} only")
            each[profile.name] = _time_bare_ffmpeg(
                source, work / f"only-{profile.name}", probed=probed, profiles=[profile]
            )
    per_rendition = Timing(
        wall=sum(timing.wall for timing in each.values()),
        cpu=sum(timing.cpu for timing in each.values()),
    )

    figures = {
        "ladder_speedup": per_rendition.wall / ready.wall,
        "overhead": ready.wall / single.wall - 1,
        "first_playable_ratio": first_playable / single.wall,
        "ready_ratio": ready.wall / probed.duration,
        "first_playable_seconds": first_playable,
    }
    return {
        "benchmark": "transcode",
        "lesson": lesson,
        "clip_seconds": clip.seconds,
        "duration": round(probed.duration, 3),
        "source": clip.label,
        "renditions": [profile.name for profile in profiles],
        "ready_seconds": round(ready.wall, 3),
        "first_playable_seconds": round(first_playable, 3),
        "per_rendition_seconds": round(per_rendition.wall, 3),
        "per_rendition_each_seconds": {name: round(timing.wall, 3) for name, timing in each.items()},
        "single_command_seconds": round(single.wall, 3),
        **{name: round(value, 3) for name, value in figures.items()},
        **judge(figures, LESSON_GOALS if lesson else GOALS),
        # Context for reading the wall times: the CPU each way used, and how busy the
        # machine already was (a load above the core count means the times are inflated).
        "cpu_seconds": {
            "ready": round(ready.cpu, 3),
            "per_rendition": round(per_rendition.cpu, 3),
            "single_command": round(single.cpu, 3),
        },
        "cpu_count": os.cpu_count(),
        "load_average_at_start": round(load_average, 2),
        "notes": _first_playable_note(ready=ready.wall, first_playable=first_playable),
    }


def _make_source(path: Path, clip: Source) -> Path:
    """Generate ``clip`` at ``path`` (a tone, or for a lesson espeak-ng speech) and return it."""
    size = {"width": clip.width, "height": clip.height, "fps": clip.fps, "ffmpeg_bin": settings.FFMPEG_BINARY}
    if clip.speech:
        title = "Equivalent fractions: Year 7"
        make_sample_clip(path, title=title, sentences=LESSON_SENTENCES, seconds=clip.seconds, **size)
        return path
    return make_silent_clip(path, seconds=clip.seconds, **size)


def _time_bare_ffmpeg(source: Path, out_dir: Path, *, probed: ProbeResult, profiles: list[Profile]) -> Timing:
    """Run the HLS command pdsite would build for ``profiles`` directly, and time it."""
    command = hls_command(
        source=source,
        out_dir=out_dir,
        probe=probed,
        profiles=profiles,
        segment_seconds=settings.PDSITE_HLS_SEGMENT_SECONDS,
        ffmpeg_bin=settings.FFMPEG_BINARY,
        preset=settings.PDSITE_TRANSCODE_PRESET,  # the x264 preset pdsite's own run uses
    )
    # As transcode_hls does: not every ffmpeg version creates the %v folders itself.
    for profile in profiles:
        (out_dir / profile.name).mkdir(parents=True)
    with timed() as timing:
        # ffmpeg runs at -loglevel error, so its stderr (ours) shows only real problems.
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
    if not (out_dir / MASTER_PLAYLIST).is_file():
        raise RuntimeError(f"ffmpeg exited 0 but wrote no {MASTER_PLAYLIST} in {out_dir}")
    return timing


def _time_pdsite(source: Path, *, lowest: Profile, recording: bool = False) -> tuple[Timing, float]:
    """Upload ``source`` with ``video_create`` (as a private lesson ``recording``, as
    pdsite.lessons does), then time ``video_transcode`` until READY.

    Returns the timing to READY and the seconds until the master playlist and the first
    segment of ``lowest`` were in storage. Raises RuntimeError when the video does not
    end READY.
    """
    # The test settings run tasks eagerly, which would transcode inside video_create,
    # before the clock starts; the timed call below is the task body itself.
    celery_app.conf.task_always_eager = False
    with source.open("rb") as handle:
        video = video_create(title="Transcode benchmark", source=File(handle, name=source.name), private=recording)
    playable = [
        f"{video.output_prefix}/{MASTER_PLAYLIST}",
        f"{video.output_prefix}/{lowest.name}/{SEGMENT_PATTERN % 0}",
    ]

    with _FirstAppearance(playable) as watch, timed() as ready:
        video = video_transcode(video_id=video.pk)

    if video is None or video.status != Video.Status.READY:
        status = "deleted" if video is None else f"{video.status} ({video.failure_reason})"
        raise RuntimeError(f"The benchmark video ended {status}, not READY.")
    # READY means the files are stored; if the last poll came before they were,
    # they arrived less than one poll interval before READY.
    return ready, ready.wall if watch.seconds is None else watch.seconds


class _FirstAppearance:
    """While in the ``with`` block, poll storage in a thread for the moment all ``names`` exist.

    ``seconds`` is that moment, in seconds after the block began, or None when they did
    not all exist while it ran.
    """

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.seconds: float | None = None
        self._started = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="first-playable", daemon=True)

    def __enter__(self) -> "_FirstAppearance":
        self._started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.is_set():
            if all(default_storage.exists(name) for name in self.names):
                self.seconds = time.perf_counter() - self._started
                return
            self._stop.wait(POLL_SECONDS)


def _first_playable_note(*, ready: float, first_playable: float) -> str:
    note = f"Playable {ready - first_playable:.2f} s before READY (segments are stored as ffmpeg writes them)."
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        note += " The machine was busy (load above the core count): wall times are inflated; compare cpu_seconds."
    return note

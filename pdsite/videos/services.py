"""Writes for videos: creating one, the status state machine, transcoding.

Transcripts have their own services (`transcripts.services`), resumable uploads theirs
(`uploads.services`, which call `video_create_from_storage` here).

Imports run one way: `tasks` imports this module; this module never imports `tasks`. It
queues the transcode by task name through `jobs.enqueue_on_commit`, from one place:
`video_processing_enqueue`, which every upload path (plain form, resumable and S3 multipart
uploads, retry, management commands, the demo seed) goes through.
"""

import logging
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from .jobs import VIDEO_TRANSCODE_TASK, enqueue_on_commit
from .models import Rendition, Video
from .pipeline.commands import MASTER_PLAYLIST, VARIANT_PLAYLIST
from .pipeline.ffmpeg import extract_poster, transcode_hls
from .pipeline.ladder import ladder_for
from .pipeline.m3u8 import master_renditions, segment_uris
from .pipeline.probe import ProbeError, probe
from .pipeline.runner import TranscodeError
from .pipeline.sprite import SPRITE_NAME, THUMBNAILS_NAME, sprite_spec_for, thumbnails_vtt
from .selectors import max_video_seconds, video_priority
from .signals import video_status_changed
from .storage import (
    StorageUnavailable,
    storage_delete_prefix,
    storage_download,
    storage_errors_as_unavailable,
    storage_put_text,
    storage_upload_tree,
)

logger = logging.getLogger(__name__)

Status = Video.Status

# Which status may follow which. An in-progress status may go back to PROBING: the job was
# delivered again after a worker died, and starts over. FAILED -> UPLOADED is a retry being
# queued; FAILED/READY -> PROBING a job starting on them (retry, re-transcode).
_IN_PROGRESS = {Status.PROBING, Status.TRANSCODING, Status.PLAYABLE}
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.UPLOADED: {Status.PROBING, Status.FAILED},
    Status.PROBING: {Status.PROBING, Status.TRANSCODING, Status.FAILED},
    Status.TRANSCODING: {Status.PROBING, Status.PLAYABLE, Status.FAILED},
    Status.PLAYABLE: {Status.PROBING, Status.READY, Status.FAILED},
    Status.READY: {Status.PROBING},
    Status.FAILED: {Status.UPLOADED, Status.PROBING},
}

# Progress is written at most this often (seconds) and only when it moved by PROGRESS_STEP.
PROGRESS_WRITE_SECONDS = 1.0
PROGRESS_STEP = 0.01


class InvalidTransition(Exception):
    pass


def video_create(*, title: str, source: UploadedFile, uploaded_by=None, private: bool = False) -> Video:
    """Save an uploaded video and queue its transcode once the row is committed (`private`: a
    teacher's lesson recording, pdsite.lessons, seen only through its grants)."""
    video = Video(title=title, uploaded_by=uploaded_by, private=private)
    with storage_errors_as_unavailable():
        video.source.save(source.name, source, save=False)
    video.save()
    video_processing_enqueue(video=video)
    return video


def video_create_from_storage(*, title: str, source_name: str, uploaded_by=None, private: bool = False) -> Video:
    """Create a Video for a file already in storage and queue its transcode after commit
    (`private`: as for `video_create`)."""
    video = Video(title=title, uploaded_by=uploaded_by, private=private)
    video.source.name = source_name
    video.save()
    video_processing_enqueue(video=video)
    return video


def video_processing_enqueue(*, video: Video, priority: int | None = None) -> Video:
    """The one way to queue a video's processing (probe, transcode, publish): after commit,
    on the `transcode` queue, with its job key, priority and time limits.

    A new job key is stored first and travels in the message, so a message delivered again
    after its job finished, or a stale one of an earlier job, does nothing (`video_transcode`).
    `priority` defaults to `selectors.video_priority(video)`; the time limits grow with the
    video's duration (estimated from the file size before it is known).
    """
    job = uuid.uuid4()
    Video.objects.filter(pk=video.pk).update(transcode_job=job)
    video.transcode_job = job
    if priority is None:
        priority = video_priority(video)
    soft, hard = transcode_time_limits(video)
    enqueue_on_commit(
        VIDEO_TRANSCODE_TASK, args=[video.pk, str(job)], priority=priority, soft_time_limit=soft, time_limit=hard
    )
    return video


def video_retry(*, video: Video) -> Video:
    """Queue a failed video again (the admin Retry button); its source was kept for this."""
    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video.pk)
        if video.status != Status.FAILED:
            raise InvalidTransition(f"Only a failed video can be retried; this one is {video.get_status_display().lower()}.")
        video_transition(video=video, to=Status.UPLOADED, progress=0.0)
        return video_processing_enqueue(video=video)


def transcode_time_limits(video: Video) -> tuple[int, int]:
    """(soft, hard) Celery time limits in seconds, scaled to the video's length."""
    seconds = video.duration
    if not seconds:
        try:
            size = video.source.size
        except Exception:  # storage down or file gone: the task will say so
            size = 0
        # A source of at least ~0.5 Mbit/s: its size gives an upper bound on its length.
        seconds = min(settings.PDSITE_MAX_VIDEO_SECONDS, size * 8 / 500_000)
    soft = int(settings.PDSITE_TRANSCODE_BASE_SECONDS + settings.PDSITE_TRANSCODE_TIME_FACTOR * seconds)
    return soft, soft + 120


def video_transition(*, video: Video, to: str, stage: str = "", reason: str = "", **facts) -> Video:
    """The one place `Video.status` changes. Raises InvalidTransition for an illegal move.

    `facts` are other fields to save with the change (duration, master_playlist, ...).
    Sends `signals.video_status_changed` after saving.
    """
    if to not in ALLOWED_TRANSITIONS[video.status]:
        raise InvalidTransition(f"A {video.get_status_display().lower()} video cannot become {to}.")
    previous = video.status
    video.status = to
    video.failure_stage = stage
    video.failure_reason = reason
    for field, value in facts.items():
        setattr(video, field, value)
    video.save(update_fields=["status", "failure_stage", "failure_reason", "updated_at", *facts])
    logger.info("video %s -> %s %s", video.pk, to, reason)
    video_status_changed.send(sender=Video, video=video, previous=previous)
    return video


def video_mark_failed(*, video_id: int, stage: str, reason: str) -> Video | None:
    """FAILED with stage and reason, outputs removed (source kept). None if the video is gone."""
    video = Video.objects.filter(pk=video_id).first()
    return _fail(video, stage, reason) if video else None


def video_transcode(*, video_id: int, job: str | None = None, final_attempt: bool = True) -> Video | None:
    """Probe, transcode to the HLS ladder (publishing segments as ffmpeg writes them), store.

    Status: PROBING -> TRANSCODING -> PLAYABLE (the first segment of every rendition and the
    master playlist are stored: playback can start) -> READY (everything stored).
    Re-runnable: the video's output prefix and Rendition rows are cleared at the start, so a
    job delivered again after a crash leaves exactly one set. With `job`, a message for a
    superseded job, or for a job that already finished, returns without work.

    Bad input ends FAILED at stage "probe" with a reason the uploader can act on; the
    source is always kept. StorageUnavailable is raised (for the task to retry) unless
    `final_attempt`, in which case the video is FAILED at stage "store".
    Returns None when the video no longer exists.
    """
    with transaction.atomic():
        video = Video.objects.select_for_update().filter(pk=video_id).first()
        if video is None:
            return None
        if job and video.transcode_job and str(video.transcode_job) != job:
            logger.info("video %s: job %s superseded by %s; skipping", video.pk, job, video.transcode_job)
            return video
        if job and video.status in (Status.READY, Status.FAILED) and str(video.transcode_job) == job:
            logger.info("video %s: job %s already finished (%s); skipping", video.pk, job, video.status)
            return video
        if video.status in _IN_PROGRESS:
            # Delivered again after a worker died or a storage retry: start over cleanly.
            logger.warning("video %s was %s; restarting", video.pk, video.status)
        video_transition(video=video, to=Status.PROBING, progress=0.0)

    try:
        return _transcode(video)
    except StorageUnavailable as error:
        if not final_attempt:
            raise
        return _fail(video, Video.Stage.STORE, str(error))


def _transcode(video: Video) -> Video:
    with tempfile.TemporaryDirectory(prefix=f"pdsite-video-{video.pk}-") as workdir:
        work = Path(workdir)
        with storage_errors_as_unavailable():
            # Whatever an earlier, interrupted run left: no orphans, no duplicate rows.
            storage_delete_prefix(video.output_prefix)
            Rendition.objects.filter(video=video).delete()
            source = storage_download(video.source.name, work / "source")
        try:
            probed = probe(
                source,
                ffprobe_bin=settings.FFPROBE_BINARY,
                max_seconds=max_video_seconds(video),
                max_dimension=settings.PDSITE_MAX_VIDEO_DIMENSION,
            )
        except ProbeError as error:
            return _fail(video, Video.Stage.PROBE, str(error))
        video = video_transition(
            video=video,
            to=Status.TRANSCODING,
            duration=probed.duration,
            width=probed.width,
            height=probed.height,
            has_audio=probed.has_audio,
        )

        out_dir = work / "hls"
        # A lesson recording (private) gets the smaller recording ladder (ladder.RECORDING_LADDER).
        profiles = ladder_for(probed.height, recording=video.private)
        sprite = sprite_spec_for(duration=probed.duration, width=probed.width, height=probed.height)
        publisher = _Publisher(video=video, out_dir=out_dir, duration=probed.duration)
        try:
            extract_poster(
                source=source,
                out_path=work / "poster.jpg",
                at_seconds=min(1.0, probed.duration / 2),
                ffmpeg_bin=settings.FFMPEG_BINARY,
            )
            publisher.poster = work / "poster.jpg"
            hls = transcode_hls(
                source=source,
                out_dir=out_dir,
                probe=probed,
                profiles=profiles,
                segment_seconds=settings.PDSITE_HLS_SEGMENT_SECONDS,
                preset=settings.PDSITE_TRANSCODE_PRESET,
                ffmpeg_bin=settings.FFMPEG_BINARY,
                timeout=settings.PDSITE_TRANSCODE_BASE_SECONDS
                + settings.PDSITE_TRANSCODE_TIME_FACTOR * probed.duration,
                audio_rendition=True,
                sprite=sprite,
                on_progress=publisher,
            )
        except TranscodeError as error:
            return _fail(video, Video.Stage.TRANSCODE, str(error))

        (out_dir / THUMBNAILS_NAME).write_text(thumbnails_vtt(sprite, duration=probed.duration), encoding="utf-8")
        with storage_errors_as_unavailable():
            publisher.publish_everything(hls)

    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video.pk)
        _save_renditions(video, hls.renditions)
        return video_transition(
            video=video,
            to=Status.READY,
            master_playlist=f"{video.output_prefix}/{hls.master.as_posix()}",
            poster=f"{video.output_prefix}/poster.jpg",
            sprite=f"{video.output_prefix}/{SPRITE_NAME}",
            thumbnails=f"{video.output_prefix}/{THUMBNAILS_NAME}",
            progress=1.0,
        )


class _Publisher:
    """Called by transcode_hls about twice a second: saves progress (throttled) and stores
    every segment ffmpeg has finished, then the playlists that list them, so the stored
    playlists only ever name stored segments. Once every rendition has a segment, the
    master playlist and poster are stored and the video becomes PLAYABLE."""

    def __init__(self, *, video: Video, out_dir: Path, duration: float) -> None:
        self.video = video
        self.out_dir = out_dir
        self.duration = duration
        self.poster: Path | None = None
        self.stored: set[Path] = set()
        self.playable = False
        self._progress_written = (0.0, 0.0)  # (monotonic time, value)

    def __call__(self, seconds_done: float) -> None:
        self._save_progress(min(0.99, seconds_done / self.duration) if self.duration else 0.0)
        with storage_errors_as_unavailable():
            started = self._publish_finished()
        if started and not self.playable:
            self._become_playable()

    def _save_progress(self, value: float) -> None:
        written_at, written = self._progress_written
        now = time.monotonic()
        if now - written_at >= PROGRESS_WRITE_SECONDS and value - written >= PROGRESS_STEP:
            Video.objects.filter(pk=self.video.pk).update(progress=value)
            self._progress_written = (now, value)

    def _variants(self) -> list[Path]:
        return sorted(p.parent.relative_to(self.out_dir) for p in self.out_dir.glob(f"*/{VARIANT_PLAYLIST}"))

    def _publish_finished(self) -> bool:
        """Store new finished segments and their playlists; True when every variant has one."""
        variants = self._variants()
        if not variants:
            return False
        every_variant_started = True
        for variant in variants:
            playlist = variant / VARIANT_PLAYLIST
            text = (self.out_dir / playlist).read_text(encoding="utf-8")
            segments = [variant / uri for uri in segment_uris(text)]
            if not segments:
                every_variant_started = False
                continue
            new = [segment for segment in segments if segment not in self.stored]
            storage_upload_tree(local_dir=self.out_dir, files=new, prefix=self.video.output_prefix)
            self.stored.update(new)
            if new:
                # The text read above, not the file now: it may already list a newer segment.
                storage_put_text(f"{self.video.output_prefix}/{playlist.as_posix()}", text)
        return every_variant_started and (self.out_dir / MASTER_PLAYLIST).exists()

    def _become_playable(self) -> None:
        prefix = self.video.output_prefix
        files = [Path(MASTER_PLAYLIST)]
        storage_upload_tree(local_dir=self.out_dir, files=files, prefix=prefix)
        if self.poster:
            storage_upload_tree(local_dir=self.poster.parent, files=[Path(self.poster.name)], prefix=prefix)
        master_text = (self.out_dir / MASTER_PLAYLIST).read_text(encoding="utf-8")
        with transaction.atomic():
            video = Video.objects.select_for_update().get(pk=self.video.pk)
            if video.status != Status.TRANSCODING:
                return
            _save_renditions(video, master_renditions(master_text))
            self.video = video_transition(
                video=video,
                to=Status.PLAYABLE,
                master_playlist=f"{prefix}/{MASTER_PLAYLIST}",
                poster=f"{prefix}/poster.jpg" if self.poster else "",
            )
        self.playable = True

    def publish_everything(self, hls) -> None:
        """After ffmpeg: the segments not stored yet, final playlists, master, sprite, track."""
        prefix = self.video.output_prefix
        playlists = {Path(r.playlist) for r in hls.renditions}
        rest = [f for f in hls.files if f not in self.stored and f not in playlists and f != hls.master]
        storage_upload_tree(local_dir=self.out_dir, files=rest, prefix=prefix)
        storage_upload_tree(
            local_dir=self.out_dir, files=[*sorted(playlists), hls.master, Path(THUMBNAILS_NAME)], prefix=prefix
        )
        if self.poster and not self.playable:
            storage_upload_tree(local_dir=self.poster.parent, files=[Path(self.poster.name)], prefix=prefix)


def _save_renditions(video: Video, renditions) -> None:
    """Create or update one Rendition per profile (unique video+profile: never two)."""
    for r in renditions:
        Rendition.objects.update_or_create(
            video=video,
            profile=r.profile.name,
            defaults={
                "width": r.width,
                "height": r.height,
                "bandwidth": r.bandwidth,
                "codecs": r.codecs,
                "playlist": f"{video.output_prefix}/{r.playlist.as_posix()}",
            },
        )


def _fail(video: Video, stage: str, reason: str) -> Video:
    """Mark FAILED and remove anything half-made; the source stays for a retry."""
    try:
        with storage_errors_as_unavailable():
            storage_delete_prefix(video.output_prefix)
    except StorageUnavailable:
        # Storage is down: nothing can be cleaned now (the next run clears the prefix
        # first), and the row must still say FAILED.
        logger.warning("video %s: could not clear %s", video.pk, video.output_prefix)
    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video.pk)
        video.renditions.all().delete()
        if video.status == Status.FAILED:
            return video
        return video_transition(
            video=video,
            to=Status.FAILED,
            stage=stage,
            reason=reason,
            master_playlist="",
            poster="",
            sprite="",
            thumbnails="",
            progress=0.0,
        )


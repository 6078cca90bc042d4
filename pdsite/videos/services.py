"""Writes for videos: upload, the status state machine, transcoding (transcripts: transcripts.py)."""

import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from .signals import video_status_changed
from .models import Rendition, Video
from .pipeline.ffmpeg import TranscodeError, extract_poster, transcode_hls
from .pipeline.ladder import ladder_for
from .pipeline.probe import ProbeError, probe
from .storage import (
    storage_delete_prefix,
    storage_download,
    StorageUnavailable,
    storage_errors_as_unavailable,
    storage_upload_tree,
)

logger = logging.getLogger(__name__)

Status = Video.Status

# Which status may follow which. FAILED -> PROCESSING is a retry; READY -> PROCESSING a re-transcode.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.UPLOADED: {Status.PROCESSING, Status.FAILED},
    Status.PROCESSING: {Status.READY, Status.FAILED},
    Status.READY: {Status.PROCESSING},
    Status.FAILED: {Status.PROCESSING},
}


class InvalidTransition(Exception):
    pass


def video_create(*, title: str, source: UploadedFile, uploaded_by=None) -> Video:
    """Save an uploaded video and queue its transcode once the row is committed."""
    from .tasks import video_transcode_task

    video = Video(title=title, uploaded_by=uploaded_by)
    with storage_errors_as_unavailable():
        video.source.save(source.name, source, save=False)
    video.save()
    transaction.on_commit(lambda: video_transcode_task.delay(video.pk))
    return video


def video_transition(*, video: Video, to: str, stage: str = "", reason: str = "", **facts) -> Video:
    """The one place `Video.status` changes. Raises InvalidTransition for an illegal move.

    `facts` are other fields to save with the change (duration, master_playlist, ...).
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


def video_transcode(*, video_id: int) -> Video | None:
    """Probe the source, make the HLS ladder and poster, store them, and mark the video READY.

    Re-runnable: output lives under one prefix that is cleared before writing, and the
    Rendition rows are replaced in one transaction, so a second run leaves exactly one set.
    Bad input ends in FAILED with the stage and a reason a PD lead can act on; the source is
    always kept so the upload can be retried. Returns None when the video no longer exists.
    """
    with transaction.atomic():
        video = Video.objects.select_for_update().filter(pk=video_id).first()
        if video is None:
            return None
        if video.status == Status.PROCESSING:
            # Redelivered after a worker died mid-job: start again from a clean slate.
            logger.warning("video %s was already processing; restarting", video.pk)
        else:
            video_transition(video=video, to=Status.PROCESSING)

    with tempfile.TemporaryDirectory(prefix=f"pdsite-video-{video.pk}-") as workdir:
        work = Path(workdir)
        try:
            with storage_errors_as_unavailable():
                source = storage_download(video.source.name, work / "source")
        except StorageUnavailable as error:
            return _fail(video, Video.Stage.STORE, str(error))
        try:
            probed = probe(source, ffprobe_bin=settings.FFPROBE_BINARY)
        except ProbeError as error:
            return _fail(video, Video.Stage.PROBE, str(error))

        out_dir = work / "hls"
        out_dir.mkdir()
        try:
            hls = transcode_hls(
                source=source,
                out_dir=out_dir,
                probe=probed,
                profiles=ladder_for(probed.height),
                segment_seconds=settings.PDSITE_HLS_SEGMENT_SECONDS,
                ffmpeg_bin=settings.FFMPEG_BINARY,
            )
            extract_poster(
                source=source,
                out_path=out_dir / "poster.jpg",
                at_seconds=min(1.0, probed.duration / 2),
                ffmpeg_bin=settings.FFMPEG_BINARY,
            )
        except TranscodeError as error:
            return _fail(video, Video.Stage.TRANSCODE, str(error))

        try:
            with storage_errors_as_unavailable():
                storage_delete_prefix(video.output_prefix)
                storage_upload_tree(
                    local_dir=out_dir, files=[*hls.files, Path("poster.jpg")], prefix=video.output_prefix
                )
        except StorageUnavailable as error:
            return _fail(video, Video.Stage.STORE, str(error))

    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video.pk)
        video.renditions.all().delete()
        Rendition.objects.bulk_create(
            Rendition(
                video=video,
                profile=r.profile.name,
                width=r.width,
                height=r.height,
                bandwidth=r.bandwidth,
                playlist=f"{video.output_prefix}/{r.playlist.as_posix()}",
            )
            for r in hls.renditions
        )
        return video_transition(
            video=video,
            to=Status.READY,
            duration=probed.duration,
            width=probed.width,
            height=probed.height,
            master_playlist=f"{video.output_prefix}/{hls.master.as_posix()}",
            poster=f"{video.output_prefix}/poster.jpg",
        )


def _fail(video: Video, stage: str, reason: str) -> Video:
    """Mark FAILED and remove anything half-made; the source stays for a retry."""
    try:
        with storage_errors_as_unavailable():
            storage_delete_prefix(video.output_prefix)
    except StorageUnavailable:
        # Storage is down: nothing can be cleaned now, and the row must still say FAILED.
        logger.warning("video %s: could not clear %s", video.pk, video.output_prefix)
    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video.pk)
        video.renditions.all().delete()
        return video_transition(
            video=video, to=Status.FAILED, stage=stage, reason=reason, master_playlist="", poster=""
        )


def transcript_import(*, video: Video, vtt_text: str, language: str = "en"):
    """Moved to `pdsite.videos.transcripts.transcript_import`; this name is kept for callers."""
    from .transcripts import transcript_import as import_captions

    return import_captions(video=video, vtt_text=vtt_text, language=language)

"""Writes for described audio tracks: the upload, the encode to an HLS audio rendition, the
re-encode after the video is transcoded again, failure, and removing the files.

A re-transcode of the video clears its HLS folder, these tracks' files with it: when it starts
(`described_audio_video_transcoding`) the tracks go back to PROCESSING with a new job key (an
encode still running is superseded), and when the video is READY again they are queued
(`described_audio_requeue_for_video`).

The shape of `videos.services`: the encode is queued by task name after commit
(`jobs.enqueue_on_commit`, on the `transcode` queue) with a job key stored on the row, so a
message delivered again after its job finished, or one of a superseded upload, does nothing.
Bad input ends FAILED with a reason the PD lead can act on; the uploaded file is kept.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ..jobs import DESCRIBED_AUDIO_ENCODE_TASK, DESCRIBED_AUDIO_PURGE_TASK, enqueue_on_commit
from ..models import DescribedAudio, Video
from ..pipeline.ffmpeg import encode_audio_hls
from ..pipeline.probe import ProbeError, probe_audio
from ..pipeline.runner import TranscodeError
from ..pipeline.vtt import format_clock
from ..storage import (
    StorageUnavailable,
    storage_delete_prefix,
    storage_download,
    storage_errors_as_unavailable,
    storage_upload_tree,
)

logger = logging.getLogger(__name__)

Status = DescribedAudio.Status

LANGUAGES = DescribedAudio.LANGUAGES


class DescribedAudioRefused(Exception):
    """The upload cannot be taken; the message is fit to show the PD lead."""


def described_audio_length_problem(*, audio_seconds: float, video_seconds: float) -> str | None:
    """Why an audio file of `audio_seconds` cannot describe a video of `video_seconds`, or
    None when it can: within max(2 s, 10 %) of the video's length. (It is then padded with
    silence or cut to exactly the video's length, so it lines up with the picture.)"""
    allowed = max(2.0, 0.1 * video_seconds)
    if abs(audio_seconds - video_seconds) <= allowed:
        return None
    which = "longer" if audio_seconds > video_seconds else "shorter"
    return (
        f"This audio file is {format_clock(audio_seconds)} long, much {which} than the video "
        f"({format_clock(video_seconds)}). A described audio track must be the video's own "
        "soundtrack with the descriptions added, so about as long as the video. Nothing was changed."
    )


def described_audio_upload(*, video: Video, language: str, source: UploadedFile, uploaded_by=None) -> DescribedAudio:
    """Save `source` as the described audio track of `video` in `language` (replacing an
    earlier one's file once this one is saved) and queue its encode after commit.

    The caller checked the file (`forms.DescribedAudioForm`). Raises DescribedAudioRefused for
    a lesson recording (its audio is its own), a video not ready yet, or an unknown language;
    StorageUnavailable when the file cannot be stored (nothing is changed then).
    """
    if video.private:
        raise DescribedAudioRefused("A lesson recording cannot have a described audio track.")
    if not video.is_ready:
        raise DescribedAudioRefused("Add described audio once the video has finished transcoding.")
    if language not in LANGUAGES:
        raise DescribedAudioRefused(f"Unknown language {language!r}.")
    with transaction.atomic():
        Video.objects.select_for_update().get(pk=video.pk)
        track = DescribedAudio.objects.filter(video=video, language=language).first()
        old_source = track.source.name if track else ""
        track = track or DescribedAudio(video=video, language=language)
        with storage_errors_as_unavailable():
            track.source.save(source.name, source, save=False)
        track.uploaded_by = uploaded_by
        track.status = Status.PROCESSING
        track.failure_reason = ""
        track.save()
        if old_source and old_source != track.source.name:
            transaction.on_commit(lambda: _delete_quietly(old_source))
        return described_audio_encode_enqueue(track=track)


def described_audio_encode_enqueue(*, track: DescribedAudio) -> DescribedAudio:
    """The one way to queue a track's encode: a new job key, then the task after commit."""
    job = uuid.uuid4()
    DescribedAudio.objects.filter(pk=track.pk).update(encode_job=job, status=Status.PROCESSING, failure_reason="")
    track.encode_job, track.status, track.failure_reason = job, Status.PROCESSING, ""
    seconds = track.video.duration or settings.PDSITE_MAX_VIDEO_SECONDS
    soft = int(settings.PDSITE_TRANSCODE_BASE_SECONDS + settings.PDSITE_TRANSCODE_TIME_FACTOR * seconds)
    enqueue_on_commit(
        DESCRIBED_AUDIO_ENCODE_TASK, args=[track.pk, str(job)], soft_time_limit=soft, time_limit=soft + 120
    )
    return track


def described_audio_video_transcoding(*, video: Video) -> int:
    """`video` is being transcoded again, which clears its HLS folder: its tracks stop being
    offered and wait (PROCESSING, a new job key that no queued message carries). Returns how
    many. Runs in the caller's transaction (the video's status change)."""
    waiting = DescribedAudio.objects.filter(video=video).exclude(status=Status.FAILED)
    return waiting.update(status=Status.PROCESSING, playlist="", encode_job=uuid.uuid4())


def described_audio_requeue_for_video(*, video: Video) -> int:
    """Queue the encode of each of `video`'s waiting (PROCESSING) tracks, now that it is
    READY again. Returns how many."""
    if video.private or not video.is_ready:
        return 0
    count = 0
    for track in DescribedAudio.objects.filter(video=video, status=Status.PROCESSING).select_related("video"):
        described_audio_encode_enqueue(track=track)
        count += 1
    return count


def described_audio_encode(
    *, track_id: int, job: str | None = None, final_attempt: bool = True
) -> DescribedAudio | None:
    """Probe the uploaded file, check its length against the video's, encode it to an
    audio-only HLS rendition cut at the video's segment duration, store it in the track's
    folder (cleared first: re-runnable) and mark the track READY for the video's current
    renditions.

    Returns None when the track is gone; the track unchanged when `job` was superseded or
    has finished, or when the video is not ready (its READY queues the encode again).
    The video's own transcode may start meanwhile: it gives the track a new job key, so
    this run does not mark it READY.
    A bad file ends FAILED with the reason; StorageUnavailable is raised for the task to
    retry unless `final_attempt`, when the track is FAILED saying so.
    """
    with transaction.atomic():
        track = DescribedAudio.objects.select_for_update().select_related("video").filter(pk=track_id).first()
        if track is None:
            return None
        if job and str(track.encode_job) != job:
            logger.info("described audio %s: job %s superseded; skipping", track.pk, job)
            return track
        if track.status != Status.PROCESSING:
            return track
        video = track.video
        if not video.is_ready or video.private:
            logger.info("described audio %s: video %s is %s; waiting for it", track.pk, video.pk, video.status)
            return track
        encode_job = track.encode_job
    try:
        return _encode(track, video=video, encode_job=encode_job)
    except StorageUnavailable as error:
        if not final_attempt:
            raise
        return described_audio_mark_failed(track_id=track.pk, reason=str(error))


def _encode(track: DescribedAudio, *, video: Video, encode_job) -> DescribedAudio:
    with tempfile.TemporaryDirectory(prefix=f"pdsite-described-{track.pk}-") as workdir:
        work = Path(workdir)
        with storage_errors_as_unavailable():
            source = storage_download(track.source.name, work / f"source{Path(track.source.name).suffix}")
        try:
            probed = probe_audio(source, ffprobe_bin=settings.FFPROBE_BINARY)
        except ProbeError as error:
            return described_audio_mark_failed(track_id=track.pk, reason=str(error))
        problem = described_audio_length_problem(audio_seconds=probed.duration, video_seconds=video.duration)
        if problem:
            return described_audio_mark_failed(track_id=track.pk, reason=problem)
        try:
            files = encode_audio_hls(
                source=source,
                out_dir=work / "hls",
                duration=video.duration,
                segment_seconds=settings.PDSITE_HLS_SEGMENT_SECONDS,
                ffmpeg_bin=settings.FFMPEG_BINARY,
                timeout=settings.PDSITE_TRANSCODE_BASE_SECONDS + settings.PDSITE_TRANSCODE_TIME_FACTOR * video.duration,
            )
        except TranscodeError as error:
            return described_audio_mark_failed(track_id=track.pk, reason=f"The audio could not be encoded. {error}")
        with storage_errors_as_unavailable():
            storage_delete_prefix(track.folder)  # what an earlier, interrupted run left
            storage_upload_tree(local_dir=work / "hls", files=files, prefix=track.folder)
    with transaction.atomic():
        track = DescribedAudio.objects.select_for_update().get(pk=track.pk)
        if track.encode_job != encode_job:
            # A newer upload, or a re-transcode of the video (which may have cleared the
            # files just stored), took over while this one encoded.
            return track
        track.status = Status.READY
        track.duration = probed.duration
        track.playlist = f"{track.folder}/{files[0].as_posix()}"
        track.failure_reason = ""
        track.save(update_fields=["status", "duration", "playlist", "failure_reason", "updated_at"])
        logger.info("described audio %s of video %s ready", track.pk, video.pk)
        return track


def described_audio_mark_failed(*, track_id: int, reason: str) -> DescribedAudio | None:
    """FAILED with `reason`, its HLS files removed (the uploaded file kept). None if gone."""
    track = DescribedAudio.objects.filter(pk=track_id).first()
    if track is None:
        return None
    try:
        with storage_errors_as_unavailable():
            storage_delete_prefix(track.folder)
    except StorageUnavailable:
        logger.warning("described audio %s: could not clear %s", track.pk, track.folder)
    DescribedAudio.objects.filter(pk=track_id).update(status=Status.FAILED, failure_reason=reason, playlist="")
    track.refresh_from_db()
    return track


def described_audio_storage_prefixes(track: DescribedAudio) -> list[str]:
    """The folders holding everything stored for `track`: its HLS folder, its upload's folder."""
    prefixes = [track.folder]
    if track.source.name and track.source.name.count("/") >= 2:
        prefixes.append(track.source.name.rsplit("/", 1)[0])
    return prefixes


def described_audio_purge_enqueue(*, prefixes: list[str]) -> None:
    """Queue the removal of a deleted track's folders after commit."""
    enqueue_on_commit(DESCRIBED_AUDIO_PURGE_TASK, args=[prefixes])


def described_audio_purge(*, prefixes: list[str]) -> int:
    """Delete every stored file under `prefixes` (a deleted track's). Raises
    StorageUnavailable for the task to retry. Returns how many files were deleted."""
    deleted = 0
    with storage_errors_as_unavailable():
        for prefix in prefixes:
            if not prefix.startswith("videos/"):
                raise ValueError(f"Not a described audio folder: {prefix!r}")
            deleted += storage_delete_prefix(prefix)
    return deleted


def _delete_quietly(name: str) -> None:
    try:
        with storage_errors_as_unavailable():
            default_storage.delete(name)
    except StorageUnavailable:
        logger.warning("could not delete the replaced described audio file %s", name)

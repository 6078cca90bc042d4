"""Celery tasks for videos: thin wrappers that take ids and call a service.

Imports run one way: this module imports the services it wraps, at module level, and no
service imports it; services queue these tasks by name (`jobs`, whose names the tasks are
registered under).

`video_transcode_task` runs on the `transcode` queue (CELERY_TASK_ROUTES). acks_late +
reject_on_worker_lost: a worker killed mid-job leaves the message unacknowledged, so it is
delivered again and the service starts that video over. Storage outages are retried with
exponential backoff; the last attempt marks the video FAILED at the "store" stage.
The described audio tasks run there too (`described_audio_*`), with the same conventions.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .asr import AsrError
from .described.services import described_audio_encode, described_audio_mark_failed, described_audio_purge
from .jobs import (
    DESCRIBED_AUDIO_ENCODE_TASK,
    DESCRIBED_AUDIO_PURGE_TASK,
    TRANSCRIPT_DRAFT_TASK,
    UPLOADS_CLEAN_EXPIRED_TASK,
    VIDEO_TRANSCODE_TASK,
)
from .models import Video
from .services import video_mark_failed, video_transcode
from .storage import StorageUnavailable
from .transcripts.services import transcript_draft_from_speech
from .uploads.services import upload_clean_expired

STORAGE_RETRIES = 5
logger = logging.getLogger(__name__)


@shared_task(
    name=VIDEO_TRANSCODE_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=STORAGE_RETRIES
)
def video_transcode_task(self, video_id: int, job: str | None = None) -> None:
    try:
        video_transcode(video_id=video_id, job=job, final_attempt=self.request.retries >= self.max_retries)
    except StorageUnavailable as error:
        # 10 s, 20 s, 40 s, ... capped at 5 minutes.
        raise self.retry(exc=error, countdown=min(300, 10 * 2**self.request.retries))
    except SoftTimeLimitExceeded:
        video_mark_failed(
            video_id=video_id,
            stage=Video.Stage.TRANSCODE,
            reason="Transcoding took longer than its time limit and was stopped. Try again, or upload a shorter file.",
        )


@shared_task(
    name=DESCRIBED_AUDIO_ENCODE_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=STORAGE_RETRIES
)
def described_audio_encode_task(self, track_id: int, job: str | None = None) -> None:
    try:
        described_audio_encode(track_id=track_id, job=job, final_attempt=self.request.retries >= self.max_retries)
    except StorageUnavailable as error:
        raise self.retry(exc=error, countdown=min(300, 10 * 2**self.request.retries))
    except SoftTimeLimitExceeded:
        described_audio_mark_failed(
            track_id=track_id, reason="Encoding the described audio took longer than its time limit and was stopped."
        )


@shared_task(name=DESCRIBED_AUDIO_PURGE_TASK, bind=True, acks_late=True, max_retries=STORAGE_RETRIES)
def described_audio_purge_task(self, prefixes: list[str]) -> None:
    """The files of a deleted described audio track (retried while storage is down)."""
    try:
        described_audio_purge(prefixes=prefixes)
    except StorageUnavailable as error:
        raise self.retry(exc=error, countdown=min(300, 10 * 2**self.request.retries))


@shared_task(
    name=TRANSCRIPT_DRAFT_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    queue="transcripts",
    max_retries=2,
    default_retry_delay=60,
)
def transcript_draft_task(video_id: int, language: str = "en") -> None:
    """Draft a transcript by speech recognition (slow, CPU-bound: its own queue)."""
    try:
        transcript_draft_from_speech(video_id=video_id, language=language)
    except StorageUnavailable as error:
        # Storage may come back; a bad audio track (AsrError) will not, so only this retries.
        raise transcript_draft_task.retry(exc=error)
    except AsrError as error:
        # Expected for some files (no usable audio): one line in the log, not a traceback.
        logger.warning("video %s: no draft transcript: %s", video_id, error)


@shared_task(name=UPLOADS_CLEAN_EXPIRED_TASK)
def uploads_clean_expired_task() -> str:
    """Daily (beat): abort abandoned resumable uploads and remove what they left in storage."""
    report = upload_clean_expired()
    return f"{report.sessions} upload(s), {report.orphan_s3_uploads} S3 multipart upload(s), {report.orphan_files} file(s)"

"""Celery tasks for videos: thin wrappers that take ids and call a service."""

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def video_transcode_task(video_id: int) -> None:
    from .services import video_transcode

    video_transcode(video_id=video_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, queue="transcripts", max_retries=2, default_retry_delay=60)
def transcript_draft_task(video_id: int, language: str = "en") -> None:
    """Draft a transcript by speech recognition (slow, CPU-bound: its own queue)."""
    from .storage import StorageUnavailable
    from .transcripts import transcript_draft_from_speech

    try:
        transcript_draft_from_speech(video_id=video_id, language=language)
    except StorageUnavailable as error:
        # Storage may come back; a bad audio track (AsrError) will not, so only this retries.
        raise transcript_draft_task.retry(exc=error)

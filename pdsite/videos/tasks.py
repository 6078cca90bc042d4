"""Celery tasks for videos: thin wrappers that take ids and call a service."""

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def video_transcode_task(video_id: int) -> None:
    from .services import video_transcode

    video_transcode(video_id=video_id)

"""Celery tasks for videos: thin wrappers that take ids and call a service.

`video_transcode_task` runs on the `transcode` queue (CELERY_TASK_ROUTES). acks_late +
reject_on_worker_lost: a worker killed mid-job leaves the message unacknowledged, so it is
delivered again and the service starts that video over. Storage outages are retried with
exponential backoff; the last attempt marks the video FAILED at the "store" stage.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

STORAGE_RETRIES = 5


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=STORAGE_RETRIES)
def video_transcode_task(self, video_id: int, job: str | None = None) -> None:
    from .models import Video
    from .services import video_mark_failed, video_transcode
    from .storage import StorageUnavailable

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

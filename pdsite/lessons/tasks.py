"""Celery tasks for lesson recordings: thin wrappers that take ids and call a service.

`recordings_expire_task` runs daily (CELERY_BEAT_SCHEDULE "lessons-expire-recordings"): it
deletes every recording past its retention, any private video left without its recording, and
retries unfinished purges. `recording_purge_task` removes a deleted recording's files and
search entries after the deletion commits; storage or search outages are retried with backoff
(and the daily task tries again after the last attempt).
"""

import logging

from celery import shared_task

from .services.deletion import RECORDING_PURGE_TASK
from .signal_handlers import RECORDING_ORPHANS_TASK

RECORDINGS_EXPIRE_TASK = "pdsite.lessons.tasks.recordings_expire_task"
PURGE_RETRIES = 5
logger = logging.getLogger(__name__)


@shared_task(name=RECORDINGS_EXPIRE_TASK)
def recordings_expire_task() -> str:
    from .services.deletion import recordings_expire

    deleted = recordings_expire()
    return f"{deleted} recording(s) deleted at the end of their retention"


@shared_task(name=RECORDING_PURGE_TASK, bind=True, acks_late=True, max_retries=PURGE_RETRIES)
def recording_purge_task(self, purge_id: int) -> None:
    from .services.deletion import recording_purge

    try:
        recording_purge(purge_id=purge_id)
    except Exception as error:
        if self.request.retries >= self.max_retries or self.request.is_eager:
            # Left to the daily retention task, which runs every unfinished purge again.
            logger.warning("recording purge %s failed: %s", purge_id, error)
            return
        raise self.retry(exc=error, countdown=min(300, 10 * 2**self.request.retries))


@shared_task(name=RECORDING_ORPHANS_TASK)
def recording_orphans_delete_task() -> None:
    from .services.deletion import recording_orphans_delete

    recording_orphans_delete()

"""Queueing the videos app's Celery tasks, by name, once the caller's transaction commits.

Imports run one way: `tasks` imports the services it wraps (module level), and no service
imports `tasks`. A service that starts background work calls `enqueue_on_commit` with one
of the names below; `tasks` registers its tasks under exactly these names (and
CELERY_TASK_ROUTES routes by them). `VideosConfig.ready()` imports `tasks`, as Celery's
autodiscovery does in a worker, so in every process the name resolves to the task object
and `apply_async` honours CELERY_TASK_ALWAYS_EAGER (tests run the real task body).
"""

from celery import current_app
from django.db import transaction

VIDEO_TRANSCODE_TASK = "pdsite.videos.tasks.video_transcode_task"
TRANSCRIPT_DRAFT_TASK = "pdsite.videos.tasks.transcript_draft_task"
UPLOADS_CLEAN_EXPIRED_TASK = "pdsite.videos.tasks.uploads_clean_expired_task"
DESCRIBED_AUDIO_ENCODE_TASK = "pdsite.videos.tasks.described_audio_encode_task"
DESCRIBED_AUDIO_PURGE_TASK = "pdsite.videos.tasks.described_audio_purge_task"


def enqueue_on_commit(name: str, *, args: list, **options) -> None:
    """Send task `name` with `args` after the current transaction commits (now, outside one).

    `options` are Celery's (priority, soft_time_limit, time_limit, ...).
    """
    transaction.on_commit(lambda: current_app.signature(name, args=args, **options).apply_async())

"""Queueing the xAPI app's Celery tasks by name, after the caller's transaction commits
(the shape of videos/jobs.py: services never import tasks)."""

from celery import current_app
from django.db import transaction

XAPI_OUTBOX_SEND_TASK = "pdsite.xapi.tasks.xapi_outbox_send_task"
XAPI_VIEWING_RECORD_TASK = "pdsite.xapi.tasks.xapi_viewing_record_task"
XAPI_STEP_COMPLETED_TASK = "pdsite.xapi.tasks.xapi_step_completed_task"
XAPI_GAP_TASK_COMPLETED_TASK = "pdsite.xapi.tasks.xapi_gap_task_completed_task"


def enqueue_on_commit(name: str, *, args: list) -> None:
    """Send task `name` with `args` after the current transaction commits (now, outside one)."""
    transaction.on_commit(lambda: current_app.signature(name, args=args).apply_async())

"""Receivers connecting lesson recordings to framework events (they only enqueue).

A Recording deleted other than by `services.recording_delete` — its owner's account or its
department deleted, which cascade — leaves its private Video behind (Recording.video is
PROTECT). After that commit, `recording_orphans_delete_task` deletes such videos completely.
"""

from django.db import transaction
from django.db.models.signals import post_delete

from .models import Recording

RECORDING_ORPHANS_TASK = "pdsite.lessons.tasks.recording_orphans_delete_task"


def recording_deleted(sender, instance, **kwargs) -> None:
    from celery import current_app

    transaction.on_commit(lambda: current_app.signature(RECORDING_ORPHANS_TASK).apply_async())


def connect() -> None:
    post_delete.connect(recording_deleted, sender=Recording, dispatch_uid="lessons.recording_deleted")

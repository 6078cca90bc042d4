"""Receivers: they only enqueue (see tasks.py)."""

from django.db import transaction


def clip_page_published(sender, instance, **kwargs):
    from .tasks import video_changed_task

    if getattr(instance, "video_id", None):
        video_id = instance.video_id
        transaction.on_commit(lambda: video_changed_task.delay(video_id))


def synonyms_changed(sender, instance=None, **kwargs):
    from .tasks import rebuild_engine_index_task

    transaction.on_commit(rebuild_engine_index_task.delay)

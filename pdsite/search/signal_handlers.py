"""Receivers that keep search in step with other apps' events.

Page and synonym receivers only enqueue (see tasks.py). `transcript_changed` listens to
`pdsite.videos.signals.transcript_changed`, which the videos app sends after the commit
that changed the cues, and rebuilds the video's moments at once rather than through a task
(as when the transcripts service called indexing itself), so a search right after an
import finds the new words. Imports run search -> videos, never back.
"""

from django.db import transaction

from . import indexing


def transcript_changed(sender, *, video_id: int, language: str, **kwargs) -> None:
    indexing.transcript_changed(video_id=video_id, language=language)


def clip_page_published(sender, instance, **kwargs):
    from .tasks import video_changed_task

    if getattr(instance, "video_id", None):
        video_id = instance.video_id
        transaction.on_commit(lambda: video_changed_task.delay(video_id))


def synonyms_changed(sender, instance=None, **kwargs):
    from .tasks import rebuild_engine_index_task

    transaction.on_commit(rebuild_engine_index_task.delay)

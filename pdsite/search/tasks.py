"""Search background work: thin wrappers around pdsite.search.indexing."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def replay_pending_updates_task() -> int:
    """Beat runs this every minute: index what was queued while the engine was down."""
    from .indexing import replay_pending_updates

    return replay_pending_updates()


@shared_task
def video_changed_task(video_id: int) -> None:
    """A clip page was published or unpublished: its moments carry the page's words."""
    from pdsite.videos.models import Video

    from .indexing import video_changed

    if Video.objects.filter(pk=video_id).exists():
        video_changed(video_id=video_id)


@shared_task
def rebuild_engine_index_task() -> None:
    """The synonym list changed: a new index with the new search analyzer, then the alias swap."""
    from . import engine
    from .indexing import rebuild_engine_index

    if engine.engine_config() is None:
        return
    try:
        rebuild_engine_index()
    except engine.engine_errors():
        logger.warning("search engine unavailable; the synonym change applies at the next rebuild", exc_info=True)

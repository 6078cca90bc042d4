"""Keeping the search index in step with transcripts.

Everything that changes a transcript's cues calls `transcript_changed` after its commit; how
the cues become searchable moments (and what happens while the engine is down) is decided
here, not by the callers.
"""

import logging

from wagtail.search.backends import get_search_backends

logger = logging.getLogger(__name__)


def transcript_changed(transcript) -> None:
    """Index the transcript's current segments in every search backend.

    The segments are already saved: if the search engine is down, say so in the log rather
    than failing the PD lead's upload; `manage.py update_index` indexes them once it is back.
    Deleted segments leave the index through Wagtail's signal handlers.
    """
    from pdsite.videos.models import TranscriptSegment

    segments = list(transcript.segments.all())
    if not segments:
        return
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(TranscriptSegment, segments)
        except Exception:
            logger.exception("could not index %s transcript segments; run update_index", len(segments))

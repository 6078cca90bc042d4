"""Transcript search: turns search-engine hits into (page, second, highlighted snippet)."""

import logging
import re
from dataclasses import dataclass, field

import elasticsearch
import opensearchpy
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.search.backends import get_search_backend

from pdsite.courses.selectors import pages_for_videos
from pdsite.videos.models import Transcript, TranscriptSegment

logger = logging.getLogger(__name__)

# What the engine clients raise when the engine is down, refuses the connection or times out.
SEARCH_ENGINE_ERRORS = (
    opensearchpy.exceptions.ConnectionError,
    opensearchpy.exceptions.TransportError,
    elasticsearch.ConnectionError,
    elasticsearch.TransportError,
)


@dataclass(frozen=True)
class TranscriptHit:
    title: str
    url: str
    start: int  # whole seconds, for ?t=
    snippet: SafeString

    @property
    def timestamp(self) -> str:
        minutes, seconds = divmod(self.start, 60)
        return f"{minutes}:{seconds:02d}"


def highlight(text: str, query: str) -> SafeString:
    """Escape `text` and wrap words that start with a query word in <mark>."""
    words = [w for w in re.findall(r"\w+", query.lower()) if len(w) > 1]
    safe = escape(text)
    if not words:
        return mark_safe(safe)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", safe))


@dataclass(frozen=True)
class TranscriptResults:
    hits: list[TranscriptHit] = field(default_factory=list)
    # True when the search engine did not answer and a plain database match was used.
    engine_unavailable: bool = False


def transcript_hits_for_user(*, query: str, user, limit: int = 20) -> TranscriptResults:
    """Moments in transcripts matching `query`, on pages this user may see, best first.

    If the search engine is down the answer comes from a plain database match (every word
    must appear), flagged so the page can say results may be less complete.
    """
    query = query.strip()
    if not query:
        return TranscriptResults()
    pages = pages_for_videos(Transcript.objects.values("video_id"))
    # The engine filters on fields of the indexed model only, hence transcript ids.
    transcript_ids = list(Transcript.objects.filter(video_id__in=list(pages)).values_list("pk", flat=True))
    if not transcript_ids:
        return TranscriptResults()
    segments = TranscriptSegment.objects.filter(transcript_id__in=transcript_ids).select_related("transcript")
    engine_unavailable = False
    try:
        results = list(get_search_backend().search(query, segments)[:limit])
    except SEARCH_ENGINE_ERRORS:
        logger.exception("search engine unavailable; answering from the database")
        engine_unavailable = True
        results = list(_database_match(segments, query)[:limit])
    hits = [
        TranscriptHit(
            title=pages[segment.transcript.video_id].title,
            url=pages[segment.transcript.video_id].url,
            start=int(segment.start),
            snippet=highlight(segment.text, query),
        )
        for segment in results
    ]
    return TranscriptResults(hits=hits, engine_unavailable=engine_unavailable)


def _database_match(segments, query: str):
    for word in re.findall(r"\w+", query):
        segments = segments.filter(text__icontains=word)
    return segments.order_by("transcript_id", "start")

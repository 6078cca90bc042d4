"""Transcript search: turns search-engine hits into (page, second, highlighted snippet)."""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.search.backends import get_search_backend

from pdsite.courses.selectors import pages_for_videos
from pdsite.videos.models import Transcript, TranscriptSegment


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


def transcript_hits_for_user(*, query: str, user, limit: int = 20) -> list[TranscriptHit]:
    """Moments in transcripts matching `query`, on pages this user may see, best first."""
    query = query.strip()
    if not query:
        return []
    pages = pages_for_videos(Transcript.objects.values("video_id"))
    transcript_ids = list(Transcript.objects.filter(video_id__in=pages).values_list("pk", flat=True))
    if not transcript_ids:
        return []
    segments = TranscriptSegment.objects.filter(transcript_id__in=transcript_ids).select_related("transcript")
    results = get_search_backend().search(query, segments)[:limit]
    hits = []
    for segment in results:
        page = pages[segment.transcript.video_id]
        hits.append(
            TranscriptHit(
                title=page.title,
                url=page.url,
                start=int(segment.start),
                snippet=highlight(segment.text, query),
            )
        )
    return hits

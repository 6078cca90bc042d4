"""Keeping search in step with transcripts and clip pages.

Everything that changes a transcript's cues sends `pdsite.videos.signals.transcript_changed`
after its commit; the receiver (signal_handlers.py) calls `transcript_changed` here. How
the cues become searchable moments (and what happens while the engine is down) is decided
here, not by the callers. The database side (moments, their tsvector or FTS5 rows) is always
written; the engine side is written now if the engine answers, else queued in
PendingIndexUpdate and replayed by `replay_pending_updates` (Celery beat, and the next search
the engine answers).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F
from django.utils.html import strip_tags

from . import engine
from .models import PendingIndexUpdate, SearchMoment, SearchSynonym, SearchWord
from .query import MARK_CLOSE, MARK_OPEN, Synonyms

logger = logging.getLogger(__name__)

MOMENT_MIN_SECONDS = 15.0
MOMENT_MAX_SECONDS = 30.0
FTS_TABLE = "pdsite_search_moment_fts"
# What goes into PostgreSQL's spelling vocabulary (SearchWord): words of letters only.
VOCABULARY_WORD = re.compile(r"[^\W\d_]{3,64}")


# --- Moments from cues ---------------------------------------------------------------


def group_cues(cues: Iterable[tuple[float, float, str]]) -> list[dict]:
    """Group (start, end, text) cues, in time order, into moments of about 15–30 s.

    A moment closes once it spans MOMENT_MIN_SECONDS, or before a cue that would take it past
    MOMENT_MAX_SECONDS. Each moment keeps where each of its cues starts (second and offset).
    """
    moments: list[dict] = []
    current: dict | None = None
    for start, end, text in sorted(cues, key=lambda cue: cue[0]):
        text = " ".join(text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").split())
        if not text:
            continue
        if current and end - current["start"] > MOMENT_MAX_SECONDS:
            moments.append(current)
            current = None
        if current is None:
            current = {"start": start, "end": end, "text": "", "cues": []}
        offset = len(current["text"]) + (1 if current["text"] else 0)
        current["text"] = f"{current['text']} {text}" if current["text"] else text
        current["cues"].append([start, offset])
        current["end"] = max(current["end"], end)
        if current["end"] - current["start"] >= MOMENT_MIN_SECONDS:
            moments.append(current)
            current = None
    if current:
        moments.append(current)
    return moments


def clip_context(video_id: int) -> str:
    """The words of the clip page(s) showing this video that search should also match."""
    from pdsite.courses.models import PDVideoPage

    parts: list[str] = []
    pages = PDVideoPage.objects.filter(video_id=video_id).prefetch_related(
        "units", "big_ideas", "principles", "representations"
    )
    for page in pages:
        parts += [page.title, strip_tags(page.summary), page.key_point]
        parts += [unit.title for unit in page.units.all()]
        parts += [idea.name for idea in page.big_ideas.all()]
        parts += [principle.title for principle in page.principles.all()]
        parts += [tag.name for tag in page.representations.all()]
    return " · ".join(" ".join(part.split()) for part in parts if part)


def moments_rebuild(*, video_id: int) -> list[SearchMoment]:
    """Replace the video's moments (and their database full-text rows) from its cues."""
    from pdsite.videos.models import TranscriptSegment
    from pdsite.videos.transcripts.selectors import caption_tracks_of

    # Each caption language the player offers gets its own moments (a draft in an added
    # language is searched once approved, as it is shown once approved).
    languages = [code for code, _ in caption_tracks_of(video_id=video_id)]
    segments = TranscriptSegment.objects.filter(
        transcript__video_id=video_id, transcript__language__in=languages
    ).order_by("transcript_id", "start")
    by_transcript: dict[tuple[int, str], list] = {}
    rows = segments.values_list("transcript_id", "transcript__language", "start", "end", "text")
    for transcript_id, language, start, end, text in rows:
        by_transcript.setdefault((transcript_id, language), []).append((start, end, text))
    context = clip_context(video_id)
    with transaction.atomic():
        old_ids = list(SearchMoment.objects.filter(video_id=video_id).values_list("pk", flat=True))
        fts_delete(old_ids)
        SearchMoment.objects.filter(pk__in=old_ids).delete()
        moments = SearchMoment.objects.bulk_create(
            SearchMoment(video_id=video_id, transcript_id=transcript_id, language=language, context=context, **moment)
            for (transcript_id, language), cues in by_transcript.items()
            for moment in group_cues(cues)
        )
        database_index(moments)
    return moments


def database_index(moments: list[SearchMoment]) -> None:
    """Fill the database full-text structure of freshly created moments."""
    if not moments:
        return
    if connection.vendor == "postgresql":
        SearchMoment.objects.filter(pk__in=[m.pk for m in moments]).update(search_vector=moment_vector())
        words = {word.lower() for m in moments for word in VOCABULARY_WORD.findall(f"{m.text} {m.context}")}
        SearchWord.objects.bulk_create([SearchWord(word=word) for word in words], ignore_conflicts=True)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, text, context) VALUES (%s, %s, %s)",
                [(m.pk, m.text, m.context) for m in moments],
            )


def moment_vector():
    return SearchVector("text", weight="A", config="english") + SearchVector("context", weight="D", config="english")


def fts_delete(moment_ids: list[int]) -> None:
    if connection.vendor != "sqlite" or not moment_ids:
        return
    with connection.cursor() as cursor:
        for chunk in range(0, len(moment_ids), 500):
            ids = moment_ids[chunk : chunk + 500]
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join(['%s'] * len(ids))})", ids)


# --- Entry points --------------------------------------------------------------------


def transcript_changed(*, video_id: int, language: str = "en") -> None:
    """Rebuild the moments of the video whose transcript in `language` changed, in the
    database and in the engine (moments are per video, so every language is rebuilt).

    Never raises for an unavailable engine: the captions are saved and the update is queued.
    """
    video_changed(video_id=video_id)


def video_changed(*, video_id: int) -> None:
    """The video's captions or its clip page changed: rebuild and index its moments."""
    moments_rebuild(video_id=video_id)
    engine_push([video_id])


def current_synonyms() -> Synonyms:
    return Synonyms(groups=tuple(tuple(s.term_list) for s in SearchSynonym.objects.all()))


def engine_push(video_ids: list[int]) -> bool:
    """Send these videos' moments to the engine; queue them if it does not answer."""
    config = engine.engine_config()
    if config is None or not video_ids:
        return True
    try:
        engine.ensure_index(config, current_synonyms().for_engine())
        for video_id in video_ids:
            engine.replace_video_moments(config, video_id, SearchMoment.objects.filter(video_id=video_id))
    except engine.engine_errors():
        logger.warning("search engine unavailable; queued %s video(s) for indexing", len(video_ids), exc_info=True)
        for video_id in video_ids:
            PendingIndexUpdate.objects.update_or_create(video_id=video_id)
        PendingIndexUpdate.objects.filter(video_id__in=video_ids).update(attempts=F("attempts") + 1)
        return False
    PendingIndexUpdate.objects.filter(video_id__in=video_ids).delete()
    return True


def replay_pending_updates() -> int:
    """Index every queued video; return how many were sent (0 if the engine is still down)."""
    video_ids = list(PendingIndexUpdate.objects.values_list("video_id", flat=True))
    if video_ids and engine_push(video_ids):
        return len(video_ids)
    return 0


def rebuild_engine_index(*, progress: Callable[[int], None] | None = None, chunk: int = 2000) -> str:
    """Fill a new index with every moment, then swap the alias to it (no downtime).

    Returns the new index's name. Raises the client's error if the engine is down.
    """
    config = engine.engine_config()
    if config is None:
        raise RuntimeError("No search engine is configured (PDSITE_SEARCH_URL is unset).")
    pending = set(PendingIndexUpdate.objects.values_list("pk", flat=True))
    name = engine.create_index(config, current_synonyms().for_engine())

    def actions():
        for moment in SearchMoment.objects.order_by("pk").iterator(chunk_size=chunk):
            yield {"_index": name, "_id": moment.pk, "_source": engine.moment_document(moment)}
            if progress:
                progress(1)

    try:
        engine.bulk(config, actions())
        engine.client(config).indices.refresh(index=name)
    except Exception:
        engine.client(config).indices.delete(index=name, ignore_unavailable=True)
        raise
    engine.swap_alias(config, name)
    # Everything queued before the rebuild started is in the new index.
    PendingIndexUpdate.objects.filter(pk__in=pending).delete()
    return name

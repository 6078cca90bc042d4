"""Where moments are looked up: the engine, PostgreSQL full text or SQLite FTS5.

Each backend answers one question the same way: of these visible videos, which match the
query (for facet counts), and for this page of the filtered ones, which are the best clips,
each with its best three moments (text marked with MARK_OPEN/MARK_CLOSE around hits).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Max

from . import engine
from .indexing import FTS_TABLE
from .models import SearchMoment
from .query import MARK_CLOSE, MARK_OPEN, ParsedQuery, Synonyms, mark_terms

MOMENTS_PER_CLIP = 3

# Words FTS5 would otherwise require to be present (PostgreSQL's english config drops them).
STOP_WORDS = frozenset(
    "a an and are as at be but by do does for from how i in into is it its of on or so that the their then "
    "there these they this to was we what when where which who why will with you your".split()
)


@dataclass
class PageOfClips:
    matched: set[int]  # every visible video with a matching moment
    clips: list[tuple[int, list[tuple[SearchMoment, str]]]]  # this page, best first


def _with_moments(order: list[int], hits: dict[int, list[tuple[int, str | None]]], terms) -> list:
    """Load the moments named in `hits` (one query) and pair each with its marked text."""
    ids = [moment_id for video_id in order for moment_id, _ in hits[video_id]]
    moments = SearchMoment.objects.in_bulk(ids)
    clips = []
    for video_id in order:
        pairs = []
        for moment_id, marked in hits[video_id]:
            moment = moments.get(moment_id)
            if moment is None:  # deleted since the engine indexed it
                continue
            pairs.append((moment, _marked(moment.text, marked, terms)))
        if pairs:
            clips.append((video_id, pairs))
    return clips


def _marked(text: str, marked: str | None, terms) -> str:
    # The engine's highlight leaves out fuzzy matches; mark_terms marks what it can.
    return marked if marked is not None and MARK_OPEN in marked else mark_terms(text, terms)


def highlight_terms(parsed: ParsedQuery, synonyms: Synonyms) -> list[str]:
    terms = []
    for term in parsed.phrases + ((" ".join(parsed.words),) if parsed.words else ()):
        terms += synonyms.alternatives(term)
    terms += [word for word in parsed.words if word not in STOP_WORDS]
    return terms


# --- Engine ----------------------------------------------------------------------------


def engine_page(
    config, parsed: ParsedQuery, synonyms: Synonyms, *, visible: list[int], filtered: list[int], offset: int, limit: int
) -> PageOfClips:
    """One search (``engine.page_body``): every matching visible clip (facets), this page's
    clips best first and each one's best three moments, highlighted; the moments are built
    from the hits, so the page reads nothing from the database."""
    body = engine.page_body(
        parsed, visible=visible, filtered=filtered, offset=offset, limit=limit, moments=MOMENTS_PER_CLIP
    )
    answer = engine.client(config).search(index=config.alias, body=body)
    aggregations = answer["aggregations"]
    matched = {bucket["key"] for bucket in aggregations["matched"]["buckets"]}
    hits = {
        bucket["key"]: [
            (hit["_source"], (hit.get("highlight", {}).get("text") or [None])[0])
            for hit in bucket["moments"]["hits"]["hits"]
        ]
        for bucket in aggregations["page"]["clips"]["buckets"][offset : offset + limit]
    }
    terms = highlight_terms(parsed, synonyms)
    clips = [
        (video_id, [(engine.moment_from_source(source), marked) for source, marked in pairs])
        for video_id, pairs in hits.items()
    ]
    if any(moment is None for _, pairs in clips for moment, _ in pairs):
        # Documents indexed before they carried their cues: read the moments (one query).
        ids = {video_id: [(source["moment_id"], marked) for source, marked in pairs] for video_id, pairs in hits.items()}
        return PageOfClips(matched=matched, clips=_with_moments(list(hits), ids, terms))
    clips = [(video_id, [(m, _marked(m.text, marked, terms)) for m, marked in pairs]) for video_id, pairs in clips]
    return PageOfClips(matched=matched, clips=clips)


# --- PostgreSQL ------------------------------------------------------------------------


def _pg_query(parsed: ParsedQuery, synonyms: Synonyms) -> SearchQuery | None:
    query = None
    for phrase in parsed.phrases:
        alternatives = None
        for alternative in synonyms.alternatives(phrase):
            part = SearchQuery(alternative, search_type="phrase", config="english")
            alternatives = part if alternatives is None else alternatives | part
        query = alternatives if query is None else query & alternatives
    if parsed.words:
        alternatives = None
        for alternative in synonyms.alternatives(" ".join(parsed.words)):
            part = SearchQuery(alternative, search_type="plain", config="english")
            alternatives = part if alternatives is None else alternatives | part
        query = alternatives if query is None else query & alternatives
    return query


def postgres_ranked(parsed: ParsedQuery, synonyms: Synonyms, *, visible: list[int]):
    """Matching moments of visible videos, annotated with `rank` (higher is better)."""
    query = _pg_query(parsed, synonyms)
    return (
        SearchMoment.objects.filter(video_id__in=visible, search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True))
    )


def postgres_page(parsed, synonyms, *, visible, filtered, offset, limit) -> PageOfClips:
    ranked = postgres_ranked(parsed, synonyms, visible=visible)
    best = list(ranked.values("video_id").annotate(best=Max("rank")).order_by("-best", "video_id"))
    matched = {row["video_id"] for row in best}
    allowed = set(filtered)
    page_ids = [row["video_id"] for row in best if row["video_id"] in allowed][offset : offset + limit]
    hits: dict[int, list] = {video_id: [] for video_id in page_ids}
    for moment_id, video_id in ranked.filter(video_id__in=page_ids).order_by("-rank", "start").values_list(
        "pk", "video_id"
    ):
        if len(hits[video_id]) < MOMENTS_PER_CLIP:
            hits[video_id].append((moment_id, None))
    return PageOfClips(matched=matched, clips=_with_moments(page_ids, hits, highlight_terms(parsed, synonyms)))


# --- SQLite FTS5 ----------------------------------------------------------------------


def _fts_phrase(text: str) -> str | None:
    words = [w for w in text.replace('"', " ").split() if w]
    return '"' + " ".join(words) + '"' if words else None


def fts5_expression(parsed: ParsedQuery, synonyms: Synonyms) -> str | None:
    """An FTS5 MATCH expression: each phrase (or a synonym) AND all loose words (or a synonym)."""
    groups = []
    for phrase in parsed.phrases:
        options = [p for p in (_fts_phrase(a) for a in synonyms.alternatives(phrase)) if p]
        groups.append("(" + " OR ".join(options) + ")")
    words = [w for w in parsed.words if w not in STOP_WORDS] or list(parsed.words)
    if words:
        options = []
        for alternative in synonyms.alternatives(" ".join(words)):
            tokens = [_fts_phrase(w) for w in alternative.split()]
            options.append("(" + " AND ".join(t for t in tokens if t) + ")")
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups) if groups else None


def sqlite_ranked(parsed: ParsedQuery, synonyms: Synonyms, *, visible: list[int]) -> list[tuple[int, int, float]]:
    """(moment id, video id, score; higher is better) of matching moments of visible videos."""
    expression = fts5_expression(parsed, synonyms)
    if not expression or not visible:
        return []
    placeholders = ",".join(["%s"] * len(visible))
    sql = (
        f"SELECT f.rowid, m.video_id, -bm25({FTS_TABLE}, 4.0, 1.0) AS score "
        f"FROM {FTS_TABLE} f JOIN pdsite_search_searchmoment m ON m.id = f.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND m.video_id IN ({placeholders}) ORDER BY score DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *visible])
        return cursor.fetchall()


def sqlite_page(parsed, synonyms, *, visible, filtered, offset, limit) -> PageOfClips:
    rows = sqlite_ranked(parsed, synonyms, visible=visible)
    order: list[int] = []
    best: dict[int, list] = {}
    for moment_id, video_id, _score in rows:  # best first
        if video_id not in best:
            order.append(video_id)
            best[video_id] = []
        if len(best[video_id]) < MOMENTS_PER_CLIP:
            best[video_id].append((moment_id, None))
    allowed = set(filtered)
    page_ids = [video_id for video_id in order if video_id in allowed][offset : offset + limit]
    hits = {video_id: best[video_id] for video_id in page_ids}
    return PageOfClips(matched=set(order), clips=_with_moments(page_ids, hits, highlight_terms(parsed, synonyms)))


def database_page(parsed, synonyms, *, visible, filtered, offset, limit) -> PageOfClips:
    if connection.vendor == "postgresql":
        return postgres_page(parsed, synonyms, visible=visible, filtered=filtered, offset=offset, limit=limit)
    return sqlite_page(parsed, synonyms, visible=visible, filtered=filtered, offset=offset, limit=limit)


__all__ = ["MARK_CLOSE", "PageOfClips", "database_page", "engine_page"]

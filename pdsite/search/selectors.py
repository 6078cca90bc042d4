"""Clip search: `search_moments` is the one entry point, on the engine or the database.

Results are clips the user may see (live clip pages they may open: `courses.access`, the one
rule's page side, so no moment of an unpublished or restricted clip shows), best
first, each with up to three moments: a timestamp (the start of the cue holding the first
hit) and an escaped snippet in which only <mark> is markup. Filters narrow the clips; facet
counts say how many matching clips each filter value would leave (other filters applied).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from pdsite.courses.access import visible_clip_pages
from pdsite.courses.models import PDVideoPage
from pdsite.videos.pipeline.vtt import format_clock
from pdsite.videos.transcripts.languages import caption_languages, main_language

from . import backends, engine, metrics, spelling
from .indexing import current_synonyms, replay_pending_updates
from .models import PendingIndexUpdate
from .query import ParsedQuery, best_passage, highlighted_snippet, parse_query

logger = logging.getLogger(__name__)

CLIPS_PER_PAGE = 10
SHORT_CLIP_SECONDS = 5 * 60
FACETS = ("year", "unit", "big_idea", "principle", "duration")


@dataclass(frozen=True)
class SearchFilters:
    year: int | None = None
    unit: str | None = None  # unit slug
    big_idea: str | None = None  # Big Idea slug
    principle: int | None = None  # principle order
    duration: str | None = None  # "short" (< 5 min) or "long"

    @classmethod
    def from_query(cls, query) -> SearchFilters:
        def number(name: str) -> int | None:
            value = query.get(name, "")
            return int(value) if value.isdigit() and len(value) < 6 else None

        duration = query.get("duration")
        return cls(
            year=number("year"),
            unit=(query.get("unit") or "")[:100] or None,
            big_idea=(query.get("big_idea") or "")[:100] or None,
            principle=number("principle"),
            duration=duration if duration in ("short", "long") else None,
        )

    def value(self, facet: str):
        return getattr(self, facet)


@dataclass
class ClipInfo:
    """What filters, facets and the result list need to know about one visible clip."""

    page: PDVideoPage
    duration: float | None
    units: list
    big_ideas: list
    principles: list

    def values(self, facet: str) -> set:
        if facet == "year":
            return {unit.block.year.number for unit in self.units}
        if facet == "unit":
            return {unit.slug for unit in self.units}
        if facet == "big_idea":
            return {idea.slug for idea in self.big_ideas}
        if facet == "principle":
            return {principle.order for principle in self.principles}
        return {"short" if (self.duration or 0) < SHORT_CLIP_SECONDS else "long"}

    def passes(self, filters: SearchFilters, *, ignore: str | None = None) -> bool:
        return all(
            filters.value(facet) is None or facet == ignore or filters.value(facet) in self.values(facet)
            for facet in FACETS
        )


@dataclass(frozen=True)
class Moment:
    start: int
    snippet: SafeString
    url: str
    # The caption language matched, named when it is not the site's main one ("Cymraeg").
    language: str = "en"
    language_name: str = ""

    @property
    def timestamp(self) -> str:
        return format_clock(self.start)


@dataclass
class ClipResult:
    page: PDVideoPage
    info: ClipInfo
    moments: list[Moment]

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def duration(self) -> str:
        return format_clock(self.info.duration)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str  # the query parameter
    legend: str
    values: list[FacetValue]

    @property
    def any_selected(self) -> bool:
        return any(value.selected for value in self.values)


FACET_LEGENDS = {
    "year": "Year",
    "unit": "Unit",
    "big_idea": "Big Idea",
    "principle": "Essence principle",
    "duration": "Length",
}


@dataclass
class SearchResults:
    query: str = ""
    clips: list[ClipResult] = field(default_factory=list)
    total: int = 0  # matching clips after filters
    page: int = 1
    pages: int = 0
    facets: list[FacetGroup] = field(default_factory=list)
    # True when the engine did not answer and the database did (the page says so).
    engine_unavailable: bool = False
    # True when the database answered (no engine, or it did not answer): a simpler mode.
    simpler_mode: bool = False
    # The query as searched when a word was misspelt ("Showing results for ...").
    corrected_query: str = ""

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def visible_clips(viewer) -> dict[int, ClipInfo]:
    """{video id: ClipInfo} of the live clip pages `viewer` (a user or request) may open (the
    newest such page per video). Six queries, seven when view restrictions exist."""
    pages = (
        PDVideoPage.objects.filter(video__isnull=False)
        .select_related("video")
        .prefetch_related("units__block__year", "big_ideas", "principles")
        .order_by("-first_published_at")
    )
    clips: dict[int, ClipInfo] = {}
    for page in visible_clip_pages(viewer, pages):
        clips.setdefault(
            page.video_id,
            ClipInfo(
                page=page,
                duration=page.video.duration,
                units=list(page.units.all()),
                big_ideas=list(page.big_ideas.all()),
                principles=list(page.principles.all()),
            ),
        )
    return clips


def _facets(clips: dict[int, ClipInfo], matched: set[int], filters: SearchFilters) -> list[FacetGroup]:
    facets: list[FacetGroup] = []
    labels: dict[str, dict] = {facet: {} for facet in FACETS}
    for info in clips.values():
        for unit in info.units:
            labels["year"][unit.block.year.number] = f"Year {unit.block.year.number}"
            labels["unit"][unit.slug] = unit.title
        for idea in info.big_ideas:
            labels["big_idea"][idea.slug] = idea.name
        for principle in info.principles:
            labels["principle"][principle.order] = f"{principle.order}. {principle.title}"
    labels["duration"] = {"short": "Under 5 minutes", "long": "5 minutes or more"}
    for facet in FACETS:
        counts: dict = {}
        for video_id in matched:
            info = clips[video_id]
            if info.passes(filters, ignore=facet):
                for value in info.values(facet):
                    counts[value] = counts.get(value, 0) + 1
        ordered = sorted(labels[facet], key=lambda v: (str(type(v)), v))
        if facet in ("unit", "big_idea"):
            ordered = sorted(labels[facet], key=lambda v: labels[facet][v])
        values = [
            FacetValue(value=str(v), label=labels[facet][v], count=counts.get(v, 0), selected=filters.value(facet) == v)
            for v in ordered
            if counts.get(v) or filters.value(facet) == v
        ]
        if values:
            facets.append(FacetGroup(name=facet, legend=FACET_LEGENDS[facet], values=values))
    return facets


def search_moments(*, user, query: str, filters: SearchFilters | None = None, page: int = 1) -> SearchResults:
    """The clips matching `query` that `user` may see, filtered, one page of them.

    Answers from the search engine when one is configured; when it is down (or refuses),
    from the database, with `engine_unavailable` set. Never raises for an engine outage.
    """
    filters = filters or SearchFilters()
    parsed: ParsedQuery = parse_query(query)
    results = SearchResults(query=parsed.text, page=max(page, 1))
    if parsed.empty:
        return results
    clips = visible_clips(user)
    if not clips:
        return results
    visible = sorted(clips)
    filtered = [video_id for video_id in visible if clips[video_id].passes(filters)]
    synonyms = current_synonyms()
    offset = (results.page - 1) * CLIPS_PER_PAGE
    arguments = dict(visible=visible, filtered=filtered, offset=offset, limit=CLIPS_PER_PAGE)
    corrected = spelling.corrected_query(parsed)
    answer = _page_of_clips(results, corrected, synonyms, arguments) if corrected else None
    if answer is not None and answer.matched:
        parsed, results.corrected_query = corrected, corrected.text
    else:
        answer = _page_of_clips(results, parsed, synonyms, arguments)

    results.total = len(answer.matched & set(filtered))
    results.pages = math.ceil(results.total / CLIPS_PER_PAGE)
    results.facets = _facets(clips, answer.matched, filters)
    for video_id, pairs in answer.clips:
        info = clips[video_id]
        moments = []
        for moment, marked in pairs:
            passage, offset_in_text = best_passage(marked, [offset for _, offset in moment.cues])
            snippet, _ = highlighted_snippet(passage)
            second = moment.second_at(offset_in_text)
            moments.append(_moment(info, moment, second, snippet))
        results.clips.append(ClipResult(page=info.page, info=info, moments=moments))
    return results


def _moment(info: ClipInfo, moment, second: int, snippet: SafeString) -> Moment:
    """A hit: its link opens the clip at `second`, in the hit's caption language when that is
    not the main one (`?lang=`: the player and transcript panel open in it)."""
    if moment.language == main_language():
        return Moment(start=second, snippet=snippet, url=f"{info.page.url}?t={second}", language=moment.language)
    name = caption_languages().get(moment.language, moment.language)
    url = f"{info.page.url}?t={second}&lang={moment.language}"
    return Moment(start=second, snippet=snippet, url=url, language=moment.language, language_name=name)


def _page_of_clips(results: SearchResults, parsed: ParsedQuery, synonyms, arguments: dict) -> backends.PageOfClips:
    """Ask the engine, else (not configured, or down: `results` records which) the database."""
    config = None if results.engine_unavailable else engine.engine_config()
    if config is not None:
        started = time.perf_counter()
        try:
            answer = backends.engine_page(config, parsed, synonyms, **arguments)
        except engine.engine_errors():
            logger.warning("search engine unavailable; answering from the database", exc_info=True)
            results.engine_unavailable = True
            metrics.search_fallback_count()
        else:
            metrics.search_observe(backend="engine", seconds=time.perf_counter() - started)
            _replay_if_queued()
            return answer
    results.simpler_mode = True
    started = time.perf_counter()
    answer = backends.database_page(parsed, synonyms, **arguments)
    metrics.search_observe(backend="database", seconds=time.perf_counter() - started)
    return answer


def _replay_if_queued() -> None:
    """The engine answered: send it what was queued while it was down (a few videos at most)."""
    if PendingIndexUpdate.objects.exists():
        try:
            replay_pending_updates()
        except Exception:  # a search must not fail because a replay did
            logger.exception("replaying queued search index updates failed")

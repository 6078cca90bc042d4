"""Transcript search speed on each backend, against the bare engine and a Wagtail-only site
(issues #6, #17).

A synthetic library of 200,000 caption segments (5,000 with ``--quick``, which only checks the
harness; ``--large`` adds a run at 2,000,000, not in CI), about twelve words each from a
maths-PD vocabulary, fixed seed, 200 segments per clip, goes through the indexing code into
moments and then into:

- SQLite FTS5: the harness's throwaway embedded default;
- OpenSearch / Elasticsearch: an index of its own (``pdsite_bench_<pid>_moments``), dropped
  afterwards;
- PostgreSQL full text (tsvector + GIN): a database of its own
  (``pdsite_search_bench_<pid>``) on the test server, migrated, dropped afterwards; run in a
  child process (``benchmarks._search_postgres``) since Django has one default database.

The same 200 queries (words, quoted phrases, filtered to a fifth of the clips, typos) go
through the code ``search_moments`` uses for each backend (``pdsite.search.backends``: the
page of ten best clips with their best three moments, highlighted, plus the matching clips for
facets; one search on the engine). Two baselines, each query run through them and pdsite in
turn, so all three share the machine's load:

- the bare engine query on the same index: one ``match`` on the moment text, size 10, no
  highlight, no aggregations (``bare_p95_ms``; ``engine_overhead`` = pdsite p95 / bare p95);
- what a Wagtail site without pdsite would run: Wagtail's own search backend on the same
  engine over the same segments (``benchmarks._search_wagtail``; ``wagtail_search_p95_ms``,
  ``speedup_vs_wagtail_search`` = its p95 / pdsite's).

With ``--large`` the engine and PostgreSQL are measured again at 2,000,000 segments:
``growth_<backend>`` = p95 at 2,000,000 / p95 at 200,000.

The services' addresses come from PDSITE_BENCHMARK_DATABASE_URL / PDSITE_BENCHMARK_SEARCH_URL, else
from ``.services.env`` (the harness blanks the usual variables). A missing service is
reported in the result (``"available": false``) and its goal counts as not met.

Goals: OpenSearch p95 <= 50 ms and ``engine_overhead`` <= 1.5, ``speedup_vs_wagtail_search``
>= 10, PostgreSQL p95 <= 150 ms, SQLite p95 <= 300 ms; with ``--large``, growth <= 1.5 on
OpenSearch and PostgreSQL. Relevance (recall@3 >= 0.9 on every backend) is held by
tests/search/test_relevance.py on the demo clips, whose answers are known.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

from . import _search_wagtail
from ._search_data import (
    QUERIES,
    SEGMENTS_PER_VIDEO,
    build_moments,
    build_rows,
    filtered_subset,
    queries,
    time_queries,
    time_together,
)
from ._migrated import migrated_postgres
from ._support import Goal, judge, postgres_server_url, progress, services_env

SEGMENTS = 200_000
QUICK_SEGMENTS = 5_000
LARGE_SEGMENTS = 2_000_000
ROOT = Path(__file__).resolve().parents[1]

GOALS = {
    "opensearch_p95_ms": Goal("<=", 50),
    "engine_overhead": Goal("<=", 1.5),
    "speedup_vs_wagtail_search": Goal(">=", 10),
    "postgres_p95_ms": Goal("<=", 150),
    "sqlite_p95_ms": Goal("<=", 300),
}
LARGE_GOALS = {"growth_opensearch": Goal("<=", 1.5), "growth_postgres": Goal("<=", 1.5)}


def _service_urls() -> dict[str, str]:
    found = services_env()
    return {
        "database": postgres_server_url(),
        "search": os.environ.get("PDSITE_BENCHMARK_SEARCH_URL") or found.get("PDSITE_SEARCH_URL", ""),
        "search_backend": os.environ.get("PDSITE_SEARCH_BACKEND") or found.get("PDSITE_SEARCH_BACKEND", "opensearch2"),
    }


def run(quick: bool, large: bool = False) -> dict:
    sizes = [SEGMENTS, LARGE_SEGMENTS] if large else [QUICK_SEGMENTS if quick else SEGMENTS]
    urls = _service_urls()
    load_average = os.getloadavg()[0]
    query_list = queries()
    result: dict = {"benchmark": "search", "segments": sizes[0], "queries": QUERIES, "notes": []}
    video_ids: list[int] = []
    for count in sizes:
        video_ids += build_rows(count, start=len(video_ids) * SEGMENTS_PER_VIDEO)
        measured = _measure(urls, count, video_ids, query_list, baselines=count == sizes[0])
        if count == sizes[0]:
            result.update(measured)
        else:
            result["large"] = dict(measured, segments=count)

    backends = result["backends"]
    pdsite_p95 = backends["opensearch"].get("p95_ms")
    bare_p95 = backends.get("opensearch_bare", {}).get("p95_ms")
    wagtail_p95 = backends.get("wagtail_search", {}).get("p95_ms")
    figures = {
        "opensearch_p95_ms": pdsite_p95,
        "bare_p95_ms": bare_p95,
        "engine_overhead": round(pdsite_p95 / bare_p95, 2) if pdsite_p95 and bare_p95 else None,
        "wagtail_search_p95_ms": wagtail_p95,
        "speedup_vs_wagtail_search": round(wagtail_p95 / pdsite_p95, 1) if pdsite_p95 and wagtail_p95 else None,
        "postgres_p95_ms": backends["postgres"].get("p95_ms"),
        "sqlite_p95_ms": backends["sqlite"]["p95_ms"],
    }
    goals = dict(GOALS)
    if large:
        goals.update(LARGE_GOALS)
        for name in ("opensearch", "postgres"):
            small, big = backends[name].get("p95_ms"), result["large"]["backends"][name].get("p95_ms")
            figures[f"{name}_p95_ms_large"] = big
            figures[f"growth_{name}"] = round(big / small, 2) if small and big else None
    result.update(figures)
    # A backend that could not be measured has not met its goal.
    unmeasured = {name: float("inf") if goal.comparison == "<=" else 0.0 for name, goal in goals.items()}
    result.update(judge({k: unmeasured[k] if figures[k] is None else figures[k] for k in goals}, goals))
    result["load_average_at_start"] = round(load_average, 2)
    result["notes"].append(
        "backend times are a whole results page (clip order, facet counts, top three moments with highlights; "
        "one search on the engine); the bare query is one match, size 10; the Wagtail search loads the best "
        f"{_search_wagtail.RANKING_HITS} segments and counts the rest (no facets, highlights, typos or synonyms)"
    )
    for part in [result] + ([result["large"]] if large else []):
        for name, backend in part["backends"].items():
            if backend.get("available") is False:
                result["notes"].append(f"{name} at {part.get('segments', sizes[0])}: not measured ({backend['reason']})")
    return result


def _measure(urls, count: int, video_ids: list[int], query_list, *, baselines: bool) -> dict:
    """Every backend at this size (the harness's SQLite database holds `video_ids`' clips)."""
    from pdsite.search import backends
    from pdsite.search.indexing import current_synonyms
    from pdsite.search.models import SearchMoment
    from pdsite.search.query import parse_query

    progress(f"sqlite: {count} segments through the indexing code")
    started = time.perf_counter()
    built = set(SearchMoment.objects.values_list("video_id", flat=True).distinct())
    build_moments([video_id for video_id in video_ids if video_id not in built])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sqlite_build = time.perf_counter() - started
    synonyms = current_synonyms()
    subset = filtered_subset(video_ids)

    def sqlite_query(text: str, filtered: bool) -> None:
        backends.sqlite_page(
            parse_query(text), synonyms, visible=video_ids, filtered=subset if filtered else video_ids,
            offset=0, limit=10,
        )  # fmt: skip

    progress("sqlite: FTS5 queries")
    measured: dict = {"moments": SearchMoment.objects.count(), "clips": len(video_ids), "backends": {}}
    measured["backends"]["sqlite"] = dict(time_queries(sqlite_query, query_list), build_seconds=round(sqlite_build, 2))
    measured["backends"].update(_engine(urls, video_ids, subset, synonyms, query_list, baselines=baselines))
    measured["backends"]["postgres"] = _postgres(urls, count)
    return measured


def _engine(urls, video_ids, subset, synonyms, query_list, *, baselines: bool) -> dict:
    """{"opensearch": pdsite's page, "opensearch_bare": the bare match, "wagtail_search": …}."""
    from pdsite.search import backends, engine
    from pdsite.search.indexing import rebuild_engine_index
    from pdsite.search.query import parse_query
    from pdsite.videos.models import Transcript

    if not urls["search"]:
        return {"opensearch": {"available": False, "reason": "no search engine URL (PDSITE_BENCHMARK_SEARCH_URL or .services.env)"}}
    module = {"opensearch2": "wagtail.search.backends.opensearch2", "elasticsearch8": "wagtail.search.backends.elasticsearch8"}
    prefix = f"pdsite_bench_{os.getpid()}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": module.get(urls["search_backend"], module["opensearch2"]),
            "URLS": [urls["search"]],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": 30,
        }
    }
    config = engine.engine_config()
    wagtail = _search_wagtail.WagtailSegments(kind=config.kind, url=urls["search"], prefix=f"{prefix}wagtail_")
    try:
        progress(f"engine: indexing into {config.alias}")
        started = time.perf_counter()
        rebuild_engine_index()
        build = time.perf_counter() - started
        es = engine.client(config)
        # Merge the bulk-loaded segments as a production index would be after a while.
        es.indices.forcemerge(index=config.alias, max_num_segments=1, request_timeout=3600)

        def pdsite(text: str, filtered: bool) -> None:
            backends.engine_page(
                config, parse_query(text), synonyms, visible=video_ids, filtered=subset if filtered else video_ids,
                offset=0, limit=10,
            )  # fmt: skip

        def bare(text: str, _filtered: bool) -> None:
            es.search(index=config.alias, body={"size": 10, "query": {"match": {"text": text.replace('"', " ")}}})

        runners = {"opensearch": pdsite, "opensearch_bare": bare}
        if baselines:
            progress("engine: Wagtail's own backend indexes the segments")
            wagtail.build()
            wagtail.index.es.indices.forcemerge(index=wagtail.index.name, max_num_segments=1, request_timeout=3600)
            transcripts = dict(Transcript.objects.filter(video_id__in=video_ids).values_list("video_id", "pk"))
            every, some = [transcripts[v] for v in video_ids], [transcripts[v] for v in subset]

            def wagtail_search(text: str, filtered: bool) -> None:
                wagtail.page(text, some if filtered else every)

            runners["wagtail_search"] = wagtail_search
        progress(f"engine: queries ({', '.join(runners)} in turn)")
        timings = time_together(runners, query_list)
        timings["opensearch"].update(build_seconds=round(build, 2), engine=config.kind)
        return timings
    except engine.engine_errors() as error:
        return {"opensearch": {"available": False, "reason": f"search engine at {urls['search']} did not answer: {error}"[:300]}}
    finally:
        for cleanup in (lambda: engine.drop(config), wagtail.drop):
            try:
                cleanup()
            except engine.engine_errors():
                pass
        settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}


def _postgres(urls, count: int) -> dict:
    if not urls["database"]:
        return {"available": False, "reason": "no PostgreSQL URL (PDSITE_BENCHMARK_DATABASE_URL or .services.env)"}
    try:
        # A copy of the migrated template (the child's migrate then finds nothing to do).
        with migrated_postgres(urls["database"], name=f"pdsite_search_bench_{os.getpid()}") as url:
            completed = subprocess.run(
                [sys.executable, "-m", "benchmarks._search_postgres", str(count)],
                cwd=ROOT,
                env=dict(
                    os.environ, DATABASE_URL=url, PDSITE_SEARCH_URL="", DJANGO_SETTINGS_MODULE="pdsite.settings.dev"
                ),
                stdout=subprocess.PIPE,
                text=True,
                timeout=6 * 3600,
                check=False,
            )
    except psycopg.OperationalError as error:
        return {"available": False, "reason": f"PostgreSQL did not answer: {error}"[:300]}
    if completed.returncode != 0:
        return {"available": False, "reason": f"the PostgreSQL run failed (exit {completed.returncode})"}
    return json.loads(completed.stdout.strip().splitlines()[-1])

"""Transcript search speed on each backend against a naive scan (issue #6).

A synthetic library of 200,000 caption segments (5,000 with ``--quick``, which only checks the harness), about twelve
words each from a maths-PD vocabulary, fixed seed, 200 segments per clip, goes through the
indexing code into moments and then into:

- SQLite FTS5: the harness's throwaway embedded default;
- OpenSearch / Elasticsearch: an index of its own (``pdsite_bench_<pid>_moments``), dropped
  afterwards;
- PostgreSQL full text (tsvector + GIN): a database of its own
  (``pdsite_search_bench_<pid>``) on the test server, migrated, dropped afterwards; run in a
  child process (``benchmarks._search_postgres``) since Django has one default database.

The same 200 queries (words, quoted phrases, filtered to a fifth of the clips, typos) go
through the code ``search_moments`` uses for each backend (``pdsite.search.backends``: the
page of ten best clips with their best three moments, plus the matching clips for facets).
The baseline is the naive case-insensitive substring scan of the segments on PostgreSQL.

The services' addresses come from PDSITE_BENCHMARK_DATABASE_URL / PDSITE_BENCHMARK_SEARCH_URL, else
from ``.services.env`` (the harness blanks the usual variables). A missing service is
reported in the result (``"available": false``) and its goal counts as not met.

Goals: OpenSearch p95 <= 50 ms, PostgreSQL p95 <= 150 ms, SQLite p95 <= 300 ms,
``speedup_vs_scan`` = scan p95 / engine p95 >= 20.
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

from ._search_data import QUERIES, build_moments, build_rows, filtered_subset, queries, time_queries
from ._migrated import migrated_postgres
from ._support import Goal, judge, postgres_server_url, progress, services_env

SEGMENTS = 200_000
QUICK_SEGMENTS = 5_000
ROOT = Path(__file__).resolve().parents[1]

GOALS = {
    "opensearch_p95_ms": Goal("<=", 50),
    "postgres_p95_ms": Goal("<=", 150),
    "sqlite_p95_ms": Goal("<=", 300),
    "speedup_vs_scan": Goal(">=", 20),
}


def _service_urls() -> dict[str, str]:
    found = services_env()
    return {
        "database": postgres_server_url(),
        "search": os.environ.get("PDSITE_BENCHMARK_SEARCH_URL") or found.get("PDSITE_SEARCH_URL", ""),
        "search_backend": os.environ.get("PDSITE_SEARCH_BACKEND") or found.get("PDSITE_SEARCH_BACKEND", "opensearch2"),
    }


def run(quick: bool) -> dict:
    count = QUICK_SEGMENTS if quick else SEGMENTS
    urls = _service_urls()
    load_average = os.getloadavg()[0]
    query_list = queries()
    result: dict = {"benchmark": "search", "segments": count, "queries": QUERIES, "backends": {}, "notes": []}

    progress(f"sqlite: {count} segments through the indexing code")
    video_ids = build_rows(count)
    started = time.perf_counter()
    build_moments(video_ids)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sqlite_build = time.perf_counter() - started
    from pdsite.search import backends
    from pdsite.search.indexing import current_synonyms
    from pdsite.search.models import SearchMoment
    from pdsite.search.query import parse_query

    synonyms = current_synonyms()
    subset = filtered_subset(video_ids)
    result["moments"] = SearchMoment.objects.count()
    result["clips"] = len(video_ids)

    def sqlite_query(text: str, filtered: bool) -> None:
        backends.sqlite_page(
            parse_query(text), synonyms, visible=video_ids, filtered=subset if filtered else video_ids,
            offset=0, limit=10,
        )  # fmt: skip

    progress("sqlite: FTS5 queries")
    result["backends"]["sqlite"] = dict(time_queries(sqlite_query, query_list), build_seconds=round(sqlite_build, 2))

    result["backends"]["opensearch"] = _engine(urls, video_ids, subset, synonyms, query_list)
    postgres = _postgres(urls, count)
    result["backends"]["postgres"] = postgres.get("full_text", postgres)
    scan = postgres.get("scan")
    if scan:
        result["backends"]["postgres_scan"] = scan

    figures = {
        "opensearch_p95_ms": result["backends"]["opensearch"].get("p95_ms"),
        "postgres_p95_ms": result["backends"]["postgres"].get("p95_ms"),
        "sqlite_p95_ms": result["backends"]["sqlite"]["p95_ms"],
    }
    engine_p95 = result["backends"]["opensearch"].get("p95_ms")
    figures["speedup_vs_scan"] = round(scan["p95_ms"] / engine_p95, 1) if scan and engine_p95 else None
    result.update(figures)
    # A backend that could not be measured has not met its goal.
    unmeasured = {name: float("inf") if GOALS[name].comparison == "<=" else 0.0 for name in GOALS}
    result.update(judge({k: unmeasured[k] if v is None else v for k, v in figures.items()}, GOALS))
    result["load_average_at_start"] = round(load_average, 2)
    result["notes"].append(
        "backend times are a whole results page (clip order, facet counts, top three moments with highlights; "
        "two round trips to the engine); the scan only finds the matching segments and groups them by clip"
    )
    for name, backend in result["backends"].items():
        if backend.get("available") is False:
            result["notes"].append(f"{name}: not measured ({backend['reason']})")
    return result


def _engine(urls, video_ids, subset, synonyms, query_list) -> dict:
    from pdsite.search import backends, engine
    from pdsite.search.indexing import rebuild_engine_index
    from pdsite.search.query import parse_query

    if not urls["search"]:
        return {"available": False, "reason": "no search engine URL (PDSITE_BENCHMARK_SEARCH_URL or .services.env)"}
    module = {"opensearch2": "wagtail.search.backends.opensearch2", "elasticsearch8": "wagtail.search.backends.elasticsearch8"}
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": module.get(urls["search_backend"], module["opensearch2"]),
            "URLS": [urls["search"]],
            "INDEX_PREFIX": f"pdsite_bench_{os.getpid()}_",
            "TIMEOUT": 30,
        }
    }
    config = engine.engine_config()
    try:
        progress(f"engine: indexing into {config.alias}")
        started = time.perf_counter()
        rebuild_engine_index()
        build = time.perf_counter() - started
        # Merge the bulk-loaded segments as a production index would be after a while.
        engine.client(config).indices.forcemerge(index=config.alias, max_num_segments=1, request_timeout=600)

        def engine_query(text: str, filtered: bool) -> None:
            backends.engine_page(
                config, parse_query(text), synonyms, visible=video_ids, filtered=subset if filtered else video_ids,
                offset=0, limit=10,
            )  # fmt: skip

        progress("engine: queries")
        timings = time_queries(engine_query, query_list)
        return dict(timings, build_seconds=round(build, 2), engine=config.kind)
    except engine.engine_errors() as error:
        return {"available": False, "reason": f"search engine at {urls['search']} did not answer: {error}"[:300]}
    finally:
        try:
            engine.drop(config)
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
                timeout=3600,
                check=False,
            )
    except psycopg.OperationalError as error:
        return {"available": False, "reason": f"PostgreSQL did not answer: {error}"[:300]}
    if completed.returncode != 0:
        return {"available": False, "reason": f"the PostgreSQL run failed (exit {completed.returncode})"}
    return json.loads(completed.stdout.strip().splitlines()[-1])

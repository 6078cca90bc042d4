"""Recall@3 on the demo clips' transcripts: the right clip, at the right second (±5 s).

Runs on the search engine, on the database fallback of the test database (PostgreSQL under
`make test`), and on SQLite FTS5 (the embedded default) in a child pytest run.
"""

from pathlib import Path

import pytest
from django.db import connection

from pdsite.search.selectors import search_moments
from tests.factories.search import relevance_cases
from tests.support.embedded import ROOT, in_embedded_child, run_on_embedded_default

TOLERANCE_SECONDS = 5
MIN_RECALL = 0.9


def recall_at_3(pages) -> tuple[float, list[str]]:
    cases = relevance_cases()
    assert len(cases) >= 30
    misses = []
    for case in cases:
        results = search_moments(user=None, query=case.query, page=1)
        found = any(
            clip.page.slug == case.slug and any(abs(m.start - case.second) <= TOLERANCE_SECONDS for m in clip.moments)
            for clip in results.clips[:3]
        )
        if not found:
            got = [(c.page.slug, [m.start for m in c.moments]) for c in results.clips[:3]]
            misses.append(f"{case.query!r}: want {case.slug}@{case.second:.0f}s, got {got}")
    return 1 - len(misses) / len(cases), misses


def test_recall_at_3_is_at_least_90_percent_when_engine_answers(needs_engine, demo_library):
    recall, misses = recall_at_3(demo_library)
    assert recall >= MIN_RECALL, "\n".join(misses)


def test_recall_at_3_is_at_least_90_percent_when_database_answers(demo_library, settings):
    # Whatever the test database is (PostgreSQL under make test): no engine configured.
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    recall, misses = recall_at_3(demo_library)
    assert recall >= MIN_RECALL, "\n".join(misses)


@pytest.mark.skipif(in_embedded_child(), reason="already the SQLite run")
def test_recall_at_3_on_sqlite_fts5_when_run_as_the_embedded_default(db, tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("the test database is SQLite already: the test above covers FTS5")
    completed = run_on_embedded_default(
        [f"{Path(__file__).relative_to(ROOT)}::test_recall_at_3_is_at_least_90_percent_when_database_answers"], tmp_path
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    assert "1 passed" in completed.stdout

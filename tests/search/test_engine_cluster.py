"""Search on a three-node OpenSearch cluster with one replica: losing a node loses no answer.

The cluster is this test's own (tests/support/search_cluster.py), never the shared engine. The
demo library is indexed into it, then the search page's own code (`search_moments`) runs the
demo's search examples in a loop while the node holding the moments index's primary shard is
SIGKILLed. Every search must come from the engine (no database fallback) with the results it
gave before.
"""

import json
import os
import threading
import time
import urllib.request

import pytest

from pdsite.courses.demo.content import SEARCH_EXAMPLES
from pdsite.search import engine
from pdsite.search.selectors import search_moments
from tests.support.search_cluster import SearchCluster, require_jars
from tests.support.services import require_service

pytestmark = [pytest.mark.service, pytest.mark.slow]

QUERIES = [query for query, _ in SEARCH_EXAMPLES]
KILL_AFTER_SECONDS = 1.0
SEARCH_AFTER_LOSS_SECONDS = 3.0


@pytest.fixture
def search_cluster(tmp_path):
    require_service("PDSITE_SEARCH_URL", "The search engine")  # CI runs the engine tests: so this one
    require_jars()
    cluster = SearchCluster(tmp_path / "cluster", size=3)
    try:
        began = time.monotonic()
        cluster.start()
        print(f"\ncluster: green on 3 nodes in {time.monotonic() - began:.0f} s")
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def moments_index(search_cluster, settings):
    """The site's engine settings pointed at the private cluster, one replica (overrides search/conftest.py)."""
    prefix = f"{os.environ.get('PDSITE_TEST_INDEX_PREFIX', 'pdsite_test_')}{os.getpid()}_"
    backend = dict(settings.WAGTAILSEARCH_BACKENDS["default"], URLS=search_cluster.urls, INDEX_PREFIX=prefix)
    backend["INDEX_SETTINGS"] = {"settings": {"index": {"number_of_replicas": 1}}}
    settings.WAGTAILSEARCH_BACKENDS = {"default": backend}
    settings.PDSITE_SEARCH_REPLICAS = 1
    settings.PDSITE_SEARCH_MOMENTS_ALIAS = f"{prefix}moments"
    return engine.engine_config()


def _answer(query: str) -> tuple:
    """What a reader sees: the clips in order, each with its moments' seconds, and the total."""
    results = search_moments(user=None, query=query)
    assert not results.engine_unavailable, f"{query!r} fell back to the database"
    return results.total, [(clip.page.slug, [moment.start for moment in clip.moments]) for clip in results.clips]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def _primary_holder(cluster: SearchCluster, config):
    """The node holding the moments index's primary shard (every runner names its node alike: match ids)."""
    routing = _get(f"{cluster.urls[0]}/_cluster/state/routing_table/{config.alias}")["routing_table"]["indices"]
    (shards,) = [table["shards"]["0"] for table in routing.values()]
    primary = next(copy["node"] for copy in shards if copy["primary"])
    assert len({copy["node"] for copy in shards if copy["state"] == "STARTED"}) == 2, "a primary and a replica"
    return next(node for node in cluster.nodes if primary in _get(f"{node.url}/_nodes/_local")["nodes"])


def test_searches_answer_from_the_engine_with_the_same_results_when_a_node_is_lost(
    search_cluster, moments_index, demo_library, settings
):
    search_cluster.wait_for(status="green", nodes=3, timeout=60)
    victim = _primary_holder(search_cluster, moments_index)
    # The victim first in the site's list of nodes: requests must move on to the next one too.
    others = [node.url for node in search_cluster.nodes if node is not victim]
    backend = dict(settings.WAGTAILSEARCH_BACKENDS["default"], URLS=[victim.url, *others])
    settings.WAGTAILSEARCH_BACKENDS = {"default": backend}
    expected = {query: _answer(query) for query in QUERIES}
    assert all(total for total, _ in expected.values()), "every example finds something"

    killer = threading.Timer(KILL_AFTER_SECONDS, victim.kill)
    started = time.monotonic()
    killer.start()
    searches, latencies, lost_at, moments_changed = 0, [], None, 0
    try:
        while lost_at is None or time.monotonic() - lost_at < SEARCH_AFTER_LOSS_SECONDS:
            for query in QUERIES:
                began = time.monotonic()
                total, clips = _answer(query)
                # The clips, their order and the total must not change. Which of a clip's weaker
                # moments are shown can differ between the shard copies (see README): counted.
                want_total, want_clips = expected[query]
                when = f"{query!r} changed after {time.monotonic() - started:.1f}s"
                assert (total, [slug for slug, _ in clips]) == (want_total, [slug for slug, _ in want_clips]), when
                moments_changed += clips != want_clips
                latencies.append(time.monotonic() - began)
                searches += 1
            if lost_at is None and victim.process.poll() is not None:
                lost_at = time.monotonic()
    finally:
        killer.cancel()
    health = search_cluster.wait_for(status="yellow", nodes=2, timeout=30)
    latencies.sort()
    print(
        f"\ncluster: {searches} searches in {time.monotonic() - started:.1f} s, all from the engine, same clips; "
        f"{moments_changed} showed other moments of a clip; "
        f"p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
        f"after the loss: {health['status']} on {health['number_of_nodes']} nodes"
    )
    assert searches >= 2 * len(QUERIES), "at least one round during and one after the loss"

"""The engine's results page: one search per page, and the same clips in the same order as the
moments' scores give (issue #17)."""

import pytest

from pdsite.search import backends, engine
from pdsite.search.indexing import current_synonyms
from pdsite.search.models import SearchMoment
from pdsite.search.query import MARK_OPEN, parse_query
from pdsite.search.selectors import search_moments

pytestmark = pytest.mark.service


def searches_received(config) -> dict:
    """The engine's own count of the searches this index has run (query and fetch phases):
    a collapse's inner hits or a second request would show here, whatever the client does."""
    stats = engine.client(config).indices.stats(index=config.alias, metric="search")
    search = stats["_all"]["primaries"]["search"]
    return {"query": search["query_total"], "fetch": search["fetch_total"]}


@pytest.mark.parametrize("query", ["pupils", '"zero pairs"', "hypotenuze", "bar model"])
def test_a_results_page_is_one_search_when_engine_answers(needs_engine, demo_library, query):
    search_moments(user=None, query=query)  # the site root and its URL are cached after this
    before = searches_received(needs_engine)
    results = search_moments(user=None, query=query)
    after = searches_received(needs_engine)
    assert results.clips and not results.engine_unavailable
    assert after["query"] - before["query"] == 1
    assert after["fetch"] - before["fetch"] <= 1


def test_second_page_is_one_search_and_continues_the_first_when_engine_answers(needs_engine, demo_library):
    first = search_moments(user=None, query="pupils")
    before = searches_received(needs_engine)
    second = search_moments(user=None, query="pupils", page=2)
    assert searches_received(needs_engine)["query"] - before["query"] == 1
    assert second.clips and not {c.page.slug for c in first.clips} & {c.page.slug for c in second.clips}
    assert first.total == second.total


def test_clips_come_in_the_order_of_their_best_moment_with_its_best_moments_first(needs_engine, demo_library):
    parsed = parse_query("negative numbers")
    visible = sorted({page.video_id for page in demo_library.values()})
    answer = backends.engine_page(
        needs_engine, parsed, current_synonyms(), visible=visible, filtered=visible, offset=0, limit=10
    )
    # Every matching moment, scored by the same query, from the engine's plain hit list.
    hits = engine.client(needs_engine).search(
        index=needs_engine.alias,
        body={"size": 1000, "_source": ["moment_id", "video_id"], "query": engine.moment_query(parsed, video_ids=visible)},
    )["hits"]["hits"]
    best: dict[int, float] = {}
    for hit in hits:
        best.setdefault(hit["_source"]["video_id"], hit["_score"])
    expected = sorted(best, key=lambda video_id: (-best[video_id], video_id))[:10]
    assert [video_id for video_id, _ in answer.clips] == expected
    assert answer.matched == set(best)
    scores = {hit["_source"]["moment_id"]: hit["_score"] for hit in hits}
    for _video_id, pairs in answer.clips:
        got = [scores[moment.pk] for moment, _ in pairs]
        assert got == sorted(got, reverse=True) and len(got) <= backends.MOMENTS_PER_CLIP


def _page(config, demo_library, query: str, synonyms=None):
    visible = sorted({page.video_id for page in demo_library.values()})
    synonyms = synonyms or current_synonyms()
    return backends.engine_page(
        config, parse_query(query), synonyms, visible=visible, filtered=visible, offset=0, limit=10
    )


def _shown(answer) -> list:
    return [(video_id, [(m.pk, m.start, m.language, m.cues, marked) for m, marked in pairs]) for video_id, pairs in answer.clips]


def test_page_reads_no_database_and_shows_the_stored_moments_when_engine_answers(
    needs_engine, demo_library, django_assert_num_queries
):
    synonyms = current_synonyms()
    with django_assert_num_queries(0):
        answer = _page(needs_engine, demo_library, "zero pairs", synonyms)
    assert answer.clips
    for _video_id, pairs in answer.clips:
        for moment, marked in pairs:
            stored = SearchMoment.objects.get(pk=moment.pk)
            assert (moment.video_id, moment.start, moment.cues, moment.text) == (
                stored.video_id, stored.start, stored.cues, stored.text,
            )  # fmt: skip
            assert MARK_OPEN in marked


def test_moments_are_read_from_the_database_when_the_index_predates_stored_cues(needs_engine, demo_library):
    before = _shown(_page(needs_engine, demo_library, "zero pairs"))
    engine.client(needs_engine).update_by_query(
        index=needs_engine.alias, body={"script": {"source": "ctx._source.remove('cues')"}}, refresh=True
    )
    assert _shown(_page(needs_engine, demo_library, "zero pairs")) == before


def test_engine_holds_exactly_the_database_moments_when_a_transcript_changes_twice_at_once(
    needs_engine, make_clip, django_capture_on_commit_callbacks
):
    from pdsite.videos.transcripts import services

    page = make_clip("twice", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nFirst words about ratio\n")
    # The second change comes well within the engine's refresh interval of the first.
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import(video=page.video, vtt_text="WEBVTT\n\n00:00:02.000 --> 00:00:05.000\nSecond words\n")
    engine.refresh(needs_engine)
    hits = engine.client(needs_engine).search(
        index=needs_engine.alias, body={"size": 100, "query": {"term": {"video_id": page.video_id}}}
    )["hits"]["hits"]
    stored = set(SearchMoment.objects.filter(video_id=page.video_id).values_list("pk", flat=True))
    assert {hit["_source"]["moment_id"] for hit in hits} == stored

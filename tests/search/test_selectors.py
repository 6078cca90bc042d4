"""Transcript search on the configured backend (OpenSearch under `make test`)."""

import pytest
from wagtail.search.backends import get_search_backend

from pdsite.search.selectors import highlight, transcript_hits_for_user
from pdsite.videos.models import TranscriptSegment

pytestmark = pytest.mark.slow


def _refresh_index() -> None:
    """Search engines make new documents searchable about a second later; tests need it now."""
    index = get_search_backend().get_index_for_model(TranscriptSegment)
    if hasattr(index, "refresh"):
        index.refresh()


def test_phrase_from_captions_returns_the_moment_when_page_is_live(video_page, teacher, sample_clip):
    _refresh_index()
    _, cues = sample_clip
    hits = transcript_hits_for_user(query="zero pairs", user=teacher)
    assert hits, "the phrase said in the clip must be found"
    first = hits[0]
    assert first.title == video_page.title
    assert first.url == video_page.url
    assert first.start == int(cues[1].start)
    assert "<mark>Zero</mark> <mark>pairs</mark>" in first.snippet


def test_unpublished_pages_are_never_returned_when_searching(video_page, teacher):
    video_page.unpublish()
    _refresh_index()
    assert transcript_hits_for_user(query="zero pairs", user=teacher) == []


def test_empty_query_returns_nothing(db, teacher):
    assert transcript_hits_for_user(query="   ", user=teacher) == []


def test_snippet_escapes_markup_when_transcript_contains_html():
    snippet = highlight('<script>alert("bar")</script> bar model', "bar")
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>bar</mark> model" in snippet

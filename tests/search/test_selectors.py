"""Transcript search on the configured backend (OpenSearch under `make test`)."""

import pytest
from wagtail.search.backends import get_search_backend

from pdsite.search.selectors import highlight, transcript_hits_for_user
from pdsite.videos.models import TranscriptSegment
from tests.conftest import require_service

pytestmark = pytest.mark.slow


def _refresh_index() -> None:
    """Search engines make new documents searchable about a second later; tests need it now."""
    index = get_search_backend().get_index_for_model(TranscriptSegment)
    if hasattr(index, "refresh"):
        index.refresh()


def test_phrase_from_captions_returns_the_moment_when_page_is_live(video_page, teacher, sample_clip):
    _refresh_index()
    _, cues = sample_clip
    results = transcript_hits_for_user(query="zero pairs", user=teacher)
    assert not results.engine_unavailable
    hits = results.hits
    assert hits, "the phrase said in the clip must be found"
    first = hits[0]
    assert first.title == video_page.title
    assert first.url == video_page.url
    assert first.start == int(cues[1].start)
    assert "<mark>Zero</mark> <mark>pairs</mark>" in first.snippet


def test_unpublished_pages_are_never_returned_when_searching(video_page, teacher):
    video_page.unpublish()
    _refresh_index()
    assert transcript_hits_for_user(query="zero pairs", user=teacher).hits == []


def test_empty_query_returns_nothing(db, teacher):
    assert transcript_hits_for_user(query="   ", user=teacher).hits == []


def test_snippet_escapes_markup_when_transcript_contains_html():
    snippet = highlight('<script>alert("bar")</script> bar model', "bar")
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>bar</mark> model" in snippet


@pytest.fixture
def engine_down(settings):
    """The search engine's address answers nothing (port 9 on loopback is closed)."""
    require_service("PDSITE_SEARCH_URL", "The search engine")
    backend = dict(settings.WAGTAILSEARCH_BACKENDS["default"], URLS=["http://127.0.0.1:9"], TIMEOUT=2)
    settings.WAGTAILSEARCH_BACKENDS = {"default": backend}


def test_search_answers_from_the_database_with_a_notice_when_engine_is_down(client, video_page, engine_down):
    response = client.get("/search/", {"q": "zero pairs"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "simpler mode" in html
    assert "<mark>Zero</mark> <mark>pairs</mark>" in html


def test_captions_are_saved_when_engine_is_down_during_import(db, engine_down, django_capture_on_commit_callbacks):
    from pdsite.videos import services
    from tests.factories.videos import VideoFactory

    video = VideoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import(video=video, vtt_text="WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBar model\n")
    assert TranscriptSegment.objects.filter(transcript__video=video).count() == 1

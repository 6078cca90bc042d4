"""Each caption language has its own moments: a Welsh word finds the Welsh cue, and the hit
says "Cymraeg" and links to the clip with `&lang=cy` (issue 18), on the engine and on the
database. A draft in an added language is not searched until it is approved."""

import pytest

from pdsite.search.models import SearchMoment
from pdsite.search.selectors import search_moments
from pdsite.videos.models import Transcript
from pdsite.videos.transcripts import services

pytestmark = pytest.mark.service

ENGLISH = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nDraw a bar model first.\n"
WELSH = """WEBVTT

00:00:00.000 --> 00:00:05.000
Tynnwch fodel bar yn gyntaf.

00:00:06.000 --> 00:00:11.000
Mae'r cownteri coch yn dangos rhifau negatif.
"""


def add_welsh(page, django_capture_on_commit_callbacks, *, approve: bool):
    from pdsite.search import engine

    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import(video=page.video, vtt_text=WELSH, language="cy", approve=approve)
    if engine.engine_config() is not None:
        engine.refresh(engine.engine_config())


def test_a_welsh_word_finds_the_welsh_moment_and_links_with_lang(search_backend, make_clip, django_capture_on_commit_callbacks):
    page = make_clip("zero-pairs", ENGLISH)
    add_welsh(page, django_capture_on_commit_callbacks, approve=True)
    assert set(SearchMoment.objects.values_list("language", flat=True)) == {"en", "cy"}

    results = search_moments(user=None, query="cownteri")
    [moment] = results.clips[0].moments
    assert moment.language == "cy" and moment.language_name == "Cymraeg"
    assert moment.start == 6 and moment.url == f"{page.url}?t=6&lang=cy"

    [english] = search_moments(user=None, query="bar model").clips[0].moments
    assert english.url == f"{page.url}?t=0" and english.language_name == ""


def test_a_welsh_draft_is_searched_only_once_approved(search_backend, make_clip, pd_lead, django_capture_on_commit_callbacks):
    from pdsite.search import engine

    page = make_clip("zero-pairs", ENGLISH)
    add_welsh(page, django_capture_on_commit_callbacks, approve=False)
    assert search_moments(user=None, query="cownteri").clips == []
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_approve(transcript=Transcript.objects.get(language="cy"), user=pd_lead)
    if engine.engine_config() is not None:
        engine.refresh(engine.engine_config())
    assert [clip.page.slug for clip in search_moments(user=None, query="cownteri").clips] == ["zero-pairs"]


def test_the_results_page_names_the_language(search_backend, make_clip, client, django_capture_on_commit_callbacks):
    page = make_clip("zero-pairs", ENGLISH)
    add_welsh(page, django_capture_on_commit_callbacks, approve=True)
    html = client.get("/search/", {"q": "cownteri"}).content.decode()
    assert f'href="{page.url}?t=6&amp;lang=cy"' in html
    assert '<span class="moment-language">In Cymraeg:</span> <span class="snippet" lang="cy">' in html

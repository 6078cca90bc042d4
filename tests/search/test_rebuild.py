"""rebuild_search_index: a new index behind the alias, swapped in; moments grouped from cues."""

import io

import pytest
from django.core.management import call_command

from pdsite.search import engine
from pdsite.search.indexing import group_cues
from pdsite.search.models import SearchMoment
from pdsite.search.selectors import search_moments

pytestmark = pytest.mark.service


@pytest.fixture
def one_clip(moments_index, clip_library, django_capture_on_commit_callbacks):
    from pdsite.videos.transcripts import services
    from tests.factories.courses import PDVideoPageFactory

    page = PDVideoPageFactory(parent=clip_library, title="Zero pairs", slug="zero-pairs", video__duration=60)
    video = page.video
    cues = "".join(
        f"00:00:{i * 5:02d}.000 --> 00:00:{i * 5 + 4:02d}.000\nSentence {i} about counters and zero pairs.\n\n"
        for i in range(10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import(video=video, vtt_text="WEBVTT\n\n" + cues)
    return page


def test_cues_are_grouped_into_moments_of_15_to_30_seconds():
    cues = [(i * 4.0, i * 4.0 + 3.5, f"cue {i}") for i in range(20)]
    moments = group_cues(cues)
    assert all(15 <= m["end"] - m["start"] <= 30 for m in moments[:-1])
    assert moments[0]["cues"][1] == [4.0, len("cue 0 ")]
    assert " ".join(m["text"] for m in moments) == " ".join(c[2] for c in cues)


def test_rebuild_swaps_the_alias_to_a_new_index_when_run(needs_engine, one_clip):
    client = engine.client(needs_engine)
    before = set(client.indices.get_alias(name=needs_engine.alias))
    stderr, stdout = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=stdout, stderr=stderr)
    after = set(client.indices.get_alias(name=needs_engine.alias))
    assert after and not after & before
    assert not client.indices.exists(index=",".join(before), allow_no_indices=False, ignore_unavailable=True)
    assert "engine index" in stderr.getvalue() and "moments indexed" in stdout.getvalue()
    results = search_moments(user=None, query="zero pairs")
    assert not results.engine_unavailable
    assert [clip.page.slug for clip in results.clips] == ["zero-pairs"]
    assert SearchMoment.objects.filter(video=one_clip.video).count() == 3


def test_rebuild_fails_with_a_clear_message_when_engine_is_down(one_clip, engine_down):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="did not answer"):
        call_command("rebuild_search_index", "--engine-only", stdout=io.StringIO(), stderr=io.StringIO())


def test_rebuild_refreshes_the_database_index_when_no_engine_is_configured(one_clip, settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    SearchMoment.objects.all().delete()
    stdout = io.StringIO()
    call_command("rebuild_search_index", stdout=stdout, stderr=io.StringIO())
    assert "No search engine configured" in stdout.getvalue()
    results = search_moments(user=None, query="zero pairs")
    assert [clip.page.slug for clip in results.clips] == ["zero-pairs"]
    assert not results.engine_unavailable

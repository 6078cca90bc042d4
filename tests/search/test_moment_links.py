"""A hit links to the start of the cue holding its first highlighted word, and its snippet shows
only the cues that hold query words (issue #19, item 2), on the engine and on the database."""

import pytest

from pdsite.search.selectors import search_moments

pytestmark = pytest.mark.service

# One moment (it closes at 17 s, once it spans 15 s): "parts" is said at 0:07, the whole
# "each part is twelve" at 0:13.
BAR_OF_SIXTY = """WEBVTT

00:00:00.000 --> 00:00:06.000
Start with a bar that is sixty long.

00:00:07.000 --> 00:00:12.000
Split it into five equal parts.

00:00:13.000 --> 00:00:17.000
Each part is twelve.

00:00:18.000 --> 00:00:24.000
So a fifth of sixty is found by sharing.
"""


def only_moment(query: str):
    results = search_moments(user=None, query=query)
    assert [clip.page.slug for clip in results.clips] == ["bar-of-sixty"]
    return results.clips[0].moments[0]


def test_link_is_the_cue_that_best_holds_the_words_when_an_earlier_cue_holds_one(search_backend, make_clip):
    page = make_clip("bar-of-sixty", BAR_OF_SIXTY)
    moment = only_moment("each part is twelve")
    assert moment.start == 13 and moment.url == f"{page.url}?t=13"
    snippet = str(moment.snippet)
    assert snippet.startswith("<mark>Each")
    # The cues before it hold no query word; they are not listed.
    assert "sixty long" not in snippet and "equal" not in snippet


def test_link_is_the_start_of_the_cue_when_a_quoted_phrase_starts_mid_moment(search_backend, make_clip):
    make_clip("bar-of-sixty", BAR_OF_SIXTY)
    moment = only_moment('"five equal parts"')
    assert moment.start == 7
    snippet = str(moment.snippet)
    assert "<mark>five</mark>" in snippet.lower() or "<mark>five equal parts</mark>" in snippet.lower()
    assert "sixty long" not in snippet


def test_link_is_the_start_of_the_cue_when_a_later_moment_holds_the_word(search_backend, make_clip):
    make_clip("bar-of-sixty", BAR_OF_SIXTY)
    moment = only_moment("sharing")
    assert moment.start == 18
    assert str(moment.snippet).startswith("So a fifth of sixty is found by <mark>sharing</mark>")

"""A one-letter typo finds the clip on every backend and the page says what it searched for;
the page says when the database answers in a simpler mode (issue #19, item 3)."""

import pytest

from pdsite.search.selectors import search_moments

pytestmark = pytest.mark.service

HYPOTENUSE = """WEBVTT

00:00:01.000 --> 00:00:05.000
The hypotenuse is the longest side of a right-angled triangle.

00:00:06.000 --> 00:00:09.000
Turn the triangle and it is still opposite the right angle.
"""
RATIO = """WEBVTT

00:00:01.000 --> 00:00:05.000
A ratio table keeps both quantities in step.
"""


def slugs(results) -> list[str]:
    return [clip.page.slug for clip in results.clips]


def test_one_letter_typo_finds_the_clip_when_searching(search_backend, make_clip):
    make_clip("finding-the-hypotenuse", HYPOTENUSE)
    make_clip("ratio-tables", RATIO)
    results = search_moments(user=None, query="hypotenuese")
    assert slugs(results) == ["finding-the-hypotenuse"]
    assert results.corrected_query == "hypotenuse"
    assert "<mark>hypotenuse</mark>" in str(results.clips[0].moments[0].snippet).lower()
    # A swap of two letters in a short word is one edit too; the other words stay as typed.
    swapped = search_moments(user=None, query="Ratoi table")
    assert slugs(swapped) == ["ratio-tables"] and swapped.corrected_query == "ratio table"


def test_page_shows_what_it_searched_for_when_it_corrected_a_word(search_backend, client, make_clip):
    make_clip("finding-the-hypotenuse", HYPOTENUSE)
    html = client.get("/search/", {"q": "hypotenuese"}).content.decode()
    assert "Showing results for <strong>hypotenuse</strong>" in html
    assert "you searched for “hypotenuese”" in html


def test_known_and_short_words_are_left_alone_when_searching(search_backend, make_clip):
    make_clip("finding-the-hypotenuse", HYPOTENUSE)
    assert search_moments(user=None, query="hypotenuse").corrected_query == ""
    assert search_moments(user=None, query="longest sides").corrected_query == ""  # stemmed, known
    assert search_moments(user=None, query="sude").corrected_query == ""  # four letters: no guess


def test_words_of_hidden_clips_are_never_suggested(search_backend, make_clip):
    make_clip("finding-the-hypotenuse", HYPOTENUSE).unpublish()
    make_clip("ratio-tables", RATIO)
    results = search_moments(user=None, query="hypotenuese")
    assert results.clips == [] and results.corrected_query == ""


def test_simpler_mode_notice_is_shown_when_the_database_answers(search_backend, client, make_clip):
    make_clip("ratio-tables", RATIO)
    html = client.get("/search/", {"q": "ratio"}).content.decode()
    assert "<mark>ratio</mark>" in html.lower()
    assert ("running in a simpler mode:" in html) == (search_backend == "database")

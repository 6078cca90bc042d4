"""Parsing queries, snippets and synonym expansion: pure functions."""

from pdsite.search.backends import fts5_expression
from pdsite.search.query import (
    MARK_CLOSE,
    MARK_OPEN,
    Synonyms,
    best_passage,
    edit_distance,
    highlighted_snippet,
    mark_terms,
    parse_query,
)

SYNONYMS = Synonyms(groups=(("bar model", "tape diagram"), ("nth term", "general term")))


def test_quoted_phrases_are_kept_together_when_parsing():
    parsed = parse_query('  "Zero  Pairs" counters "unclosed')
    assert parsed.phrases == ("zero pairs",)
    assert parsed.words == ("counters", "unclosed")


def test_query_without_words_is_empty():
    assert parse_query('"" <> !!').empty


def test_snippet_escapes_markup_and_keeps_only_our_marks_when_text_holds_html():
    marked = f'<script>alert("x")</script> {MARK_OPEN}bar{MARK_CLOSE} <mark>model</mark>'
    html, offset = highlighted_snippet(marked)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>bar</mark>" in html
    assert "&lt;mark&gt;model&lt;/mark&gt;" in html
    assert offset == marked.index(MARK_OPEN)


def test_long_snippet_is_a_window_around_the_first_hit():
    text = "word " * 200 + f"{MARK_OPEN}zero pairs{MARK_CLOSE} " + "word " * 200
    html, offset = highlighted_snippet(text)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>zero pairs</mark>" in html and len(html) < 400
    assert offset == text.index(MARK_OPEN)


def test_synonyms_expand_a_phrase_into_each_equivalent():
    assert SYNONYMS.alternatives("draw a tape diagram") == ["draw a tape diagram", "draw a bar model"]
    assert SYNONYMS.for_engine() == ["bar model, tape diagram", "nth term, general term"]


def test_database_highlighter_marks_words_and_phrases_case_insensitively():
    marked = mark_terms("Draw a Bar Model; the bars stretch.", ["bar model", "bars"])
    assert f"{MARK_OPEN}Bar Model{MARK_CLOSE}" in marked
    assert f"{MARK_OPEN}bars{MARK_CLOSE}" in marked


def test_fts5_expression_quotes_every_token_and_ors_synonyms():
    expression = fts5_expression(parse_query('general term "tape diagram" of'), SYNONYMS)
    assert expression == '("tape diagram" OR "bar model") AND (("general" AND "term") OR ("nth" AND "term"))'
    # Quotes in the query cannot break out of an FTS5 string.
    assert fts5_expression(parse_query('x" OR y'), Synonyms()).count('"') % 2 == 0


def test_passage_starts_at_the_cue_holding_most_query_words_and_drops_cues_without_any():
    # Cues start at offsets 0, 7 and 19 of "Start. Five parts. Each part is 12."
    marked = f"Start. Five {MARK_OPEN}parts{MARK_CLOSE}. {MARK_OPEN}Each{MARK_CLOSE} {MARK_OPEN}part{MARK_CLOSE} is 12."
    passage, offset = best_passage(marked, [0, 7, 19])
    assert offset == 19
    assert passage == f"{MARK_OPEN}Each{MARK_CLOSE} {MARK_OPEN}part{MARK_CLOSE} is 12."


def test_passage_keeps_a_mark_whole_when_it_runs_over_a_cue_end():
    marked = f"Draw a {MARK_OPEN}bar model{MARK_CLOSE} now."
    passage, offset = best_passage(marked, [0, 11])
    assert offset == 0
    assert passage == f"Draw a {MARK_OPEN}bar{MARK_CLOSE} {MARK_OPEN}model{MARK_CLOSE} now."


def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit():
    assert edit_distance("hypotenuese", "hypotenuse", limit=2) == 1
    assert edit_distance("ratoi", "ratio", limit=1) == 1
    assert edit_distance("ratio", "rational", limit=1) == 2  # over the limit: limit + 1

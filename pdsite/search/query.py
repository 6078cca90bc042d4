"""Parsing what a teacher types, snippets, and the synonym list: pure functions, no ORM."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_CHARS = 200
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
SNIPPET_CHARS = 220
WORD = re.compile(r"[\w'-]+")


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    phrases: tuple[str, ...] = ()  # "quoted phrases", each must appear as written
    words: tuple[str, ...] = ()  # the rest, lower-cased

    @property
    def empty(self) -> bool:
        return not (self.phrases or self.words)

    @property
    def all_terms(self) -> list[str]:
        return list(self.phrases) + list(self.words)


def parse_query(text: str) -> ParsedQuery:
    """Split a query into quoted phrases and loose words; anything else is dropped."""
    text = " ".join(text.split())[:MAX_QUERY_CHARS]
    phrases = []
    for match in re.finditer(r'"([^"]*)"', text):
        words = WORD.findall(match.group(1).lower())
        if words:
            phrases.append(" ".join(words))
    # An unclosed quote's words are loose words.
    rest = re.sub(r'"[^"]*"', " ", text).replace('"', " ")
    words = [w.strip("'-") for w in WORD.findall(rest.lower())]
    return ParsedQuery(text=text, phrases=tuple(phrases), words=tuple(w for w in words if w))


@dataclass(frozen=True)
class Synonyms:
    """Groups of equivalent terms, each lower-case and space-separated."""

    groups: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    def for_engine(self) -> list[str]:
        """Solr-format lines for a synonym_graph filter ("bar model, tape diagram")."""
        return [", ".join(group) for group in self.groups]

    def alternatives(self, phrase: str) -> list[str]:
        """`phrase` with each synonym it contains swapped for each of its equivalents."""
        variants = [phrase]
        padded = f" {phrase} "
        for group in self.groups:
            for term in group:
                if f" {term} " in padded:
                    for other in group:
                        if other != term:
                            variants.append(padded.replace(f" {term} ", f" {other} ").strip())
        return list(dict.fromkeys(variants))


def highlighted_snippet(marked: str) -> tuple[SafeString, int]:
    """Escape a text whose hits are wrapped in MARK_OPEN/MARK_CLOSE; return (HTML, first hit offset).

    Only our markers become <mark>; everything in the transcript itself is escaped. The
    snippet is a window of about SNIPPET_CHARS around the first hit, cut at word edges.
    """
    first = marked.find(MARK_OPEN)
    offset = max(first, 0)
    plain_offset = offset  # markers come only after the first hit
    start = 0
    if len(marked) > SNIPPET_CHARS and first > SNIPPET_CHARS // 3:
        start = marked.rfind(" ", 0, first - SNIPPET_CHARS // 3) + 1
    end = len(marked)
    if end - start > SNIPPET_CHARS + 40:
        end = marked.find(" ", start + SNIPPET_CHARS)
        end = len(marked) if end < 0 else end
    window = marked[start:end]
    # A window cut inside a hit must not leave a <mark> open.
    if window.count(MARK_OPEN) > window.count(MARK_CLOSE):
        window += MARK_CLOSE
    html = escape(window).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")
    html = ("… " if start else "") + html + (" …" if end < len(marked) else "")
    return mark_safe(html), plain_offset


def mark_terms(text: str, terms: list[str]) -> str:
    """Wrap words of `text` that start with a word of `terms` (or whole phrases) in markers.

    The database fallback's highlighter: stemming-lite (prefix match), case-insensitive.
    """
    text = text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    patterns = []
    for term in sorted(set(terms), key=len, reverse=True):
        words = WORD.findall(term)
        if not words:
            continue
        if len(words) == 1:
            word = words[0]
            stem = word[:-1] if len(word) > 4 and word.endswith("s") else word
            patterns.append(re.escape(stem) + r"[\w'-]*")
        else:
            patterns.append(r"\W+".join(re.escape(w) for w in words) + r"\w*")
    if not patterns:
        return text
    pattern = re.compile(r"(?<![\w])(" + "|".join(patterns) + r")", re.IGNORECASE)
    return pattern.sub(lambda m: f"{MARK_OPEN}{m.group(0)}{MARK_CLOSE}", text)

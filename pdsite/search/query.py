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


def marked_cues(marked: str, cue_offsets: list[int]) -> list[str]:
    """Cut a marked moment text at its cues (offsets into the unmarked text), one string per cue.

    A mark that runs over a cue's end is closed there and reopened in the next cue.
    """
    pieces: list[str] = []
    current: list[str] = []
    plain, inside = 0, False
    starts = set(cue_offsets[1:])
    for char in marked:
        if char in (MARK_OPEN, MARK_CLOSE):
            inside = char == MARK_OPEN
            current.append(char)
            continue
        if plain in starts and current:
            pieces.append("".join(current).strip() + (MARK_CLOSE if inside else ""))
            current = [MARK_OPEN] if inside else []
        current.append(char)
        plain += 1
    pieces.append("".join(current).strip())
    return pieces


def _marked_words(piece: str) -> set[str]:
    words: set[str] = set()
    for hit in re.findall(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}", piece):
        words.update(word.lower() for word in WORD.findall(hit))
    return words


def best_passage(marked: str, cue_offsets: list[int]) -> tuple[str, int]:
    """The cues of a moment a hit should show: (marked passage, offset of its first cue).

    The passage starts at the cue holding the most distinct marked words (the earliest of
    equals), so the link, that cue's start, is where the first highlighted word is said;
    it runs on over the following cues while they hold marks too. Cues without a query word
    are left out. A moment with no marks (matched by its clip's title only) shows whole.
    """
    pieces = marked_cues(marked, cue_offsets) if cue_offsets else [marked]
    counts = [len(_marked_words(piece)) for piece in pieces]
    if not any(counts):
        return marked, 0
    first = counts.index(max(counts))
    last = first
    while last + 1 < len(pieces) and counts[last + 1]:
        last += 1
    return " ".join(pieces[first : last + 1]), cue_offsets[first] if cue_offsets else 0


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


def edit_distance(a: str, b: str, *, limit: int) -> int:
    """Levenshtein distance counting a swap of two neighbours as one edit; `limit + 1` once over."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, row = None, list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (char != other))
            if before is not None and i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
        if min(row) > limit:
            return limit + 1
    return min(row[-1], limit + 1)

"""Spelling correction for search: a typed word no moment holds becomes the nearest word one does.

"hypotenuese" finds the clip about the hypotenuse on every backend. The engine also matches
fuzzily itself; the database fallback has only this pass. Only loose words of MIN_LETTERS or
more are corrected, by at most one edit (two from LONG_WORD letters; swapping neighbours is
one edit), against the vocabulary of indexed words: SearchWord by trigram similarity on
PostgreSQL (pg_trgm; SearchWord is filled by indexing.py), the FTS5 vocabulary (fts5vocab tables) on SQLite. Both hold every
clip's words: the caller shows a correction only when the corrected search finds clips the
user may see, so no word of a hidden clip is ever suggested.
"""

from __future__ import annotations

import re

from django.db import connection

from .backends import STOP_WORDS
from .indexing import FTS_TABLE
from .query import WORD, ParsedQuery, edit_distance

MIN_LETTERS = 5
LONG_WORD = 8
CANDIDATES = 20


def max_edits(word: str) -> int:
    return 2 if len(word) >= LONG_WORD else 1


def corrected_query(parsed: ParsedQuery) -> ParsedQuery | None:
    """`parsed` with each unknown word replaced by its nearest indexed word; None if none was."""
    words = [w for w in dict.fromkeys(parsed.words) if len(w) >= MIN_LETTERS and w.isalpha() and w not in STOP_WORDS]
    fixes = {}
    for word in unknown_words(words):
        nearest = nearest_word(word)
        if nearest:
            fixes[word] = nearest
    if not fixes:
        return None
    text = parsed.text
    for word, nearest in fixes.items():
        text = re.sub(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])", nearest, text, flags=re.IGNORECASE)
    return ParsedQuery(text=text, phrases=parsed.phrases, words=tuple(fixes.get(w, w) for w in parsed.words))


def unknown_words(words: list[str]) -> list[str]:
    """The words no moment's text or context holds (after stemming). One query."""
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT w FROM unnest(%s::text[]) AS w WHERE NOT EXISTS (SELECT 1 FROM pdsite_search_searchmoment m "
                "WHERE m.search_vector @@ plainto_tsquery('english', w))",
                [words],
            )
            unknown = {row[0] for row in cursor.fetchall()}
        else:
            found = ", ".join(f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)" for _ in words)
            cursor.execute(f"SELECT {found}", [f'"{word}"' for word in words])
            unknown = {word for word, exists in zip(words, cursor.fetchone()) if not exists}
    return [word for word in words if word in unknown]


def _nearest(word: str, candidates) -> str | None:
    limit = max_edits(word)
    scored = sorted((edit_distance(word, other, limit=limit), other) for other in set(candidates) if other != word)
    return scored[0][1] if scored and scored[0][0] <= limit else None


def nearest_word(word: str) -> str | None:
    """The indexed word closest to `word` within max_edits(word), or None."""
    if connection.vendor == "postgresql":
        # The % operator (similarity over pg_trgm's threshold, 0.3) uses the trigram index.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM pdsite_search_searchword WHERE word %% %s ORDER BY similarity(word, %s) DESC LIMIT %s",
                [word, word, CANDIDATES],
            )
            candidates = [row[0] for row in cursor.fetchall()]
        return _nearest(word, candidates)
    return _sqlite_nearest(word)


def _sqlite_nearest(word: str) -> str | None:
    """FTS5 holds porter stems ("hypotenus"): find stems near the word's start, then the word
    itself in a moment holding the stem."""
    limit = max_edits(word)
    with connection.cursor() as cursor:
        # Stems share the word's first letter (as the engine's prefix_length=1) and are at most
        # a few letters shorter than it.
        cursor.execute(
            f"SELECT term FROM {FTS_TABLE}_row WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s",
            [word[0], chr(ord(word[0]) + 1), len(word) - limit - 3, len(word) + limit],
        )
        stems = sorted(
            (edit_distance(word[: len(term)], term, limit=limit), term) for (term,) in cursor.fetchall()
        )
        stems = [term for distance, term in stems if distance <= limit][:5]
        if not stems:
            return None
        # One moment per stem: fts5vocab answers `term = ?` from the index directly.
        first_docs = ", ".join(f"(SELECT doc FROM {FTS_TABLE}_instance WHERE term = %s LIMIT 1)" for _ in stems)
        cursor.execute(f"SELECT text, context FROM {FTS_TABLE} WHERE rowid IN ({first_docs})", stems)
        said = [w.lower() for text, context in cursor.fetchall() for w in WORD.findall(f"{text} {context}")]
    return _nearest(word, [w for w in said if w.isalpha()])

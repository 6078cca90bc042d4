"""Word error rate: how far a draft transcript is from what was really said."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-case words without punctuation, as WER compares them."""
    return _WORD.findall(text.lower())


def wer(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / words in the reference.

    Case and punctuation are ignored. 0.0 is perfect; above 1.0 is possible when the
    hypothesis adds many words. Raises ValueError for a reference with no words.
    """
    errors, reference_words = word_errors(reference, hypothesis)
    return errors / reference_words


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, words in the reference): add these up over clips for a corpus WER."""
    ref, hyp = words(reference), words(hypothesis)
    if not ref:
        raise ValueError("the reference has no words")
    # Levenshtein distance over words, one row at a time.
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, start=1):
        current = [i]
        for j, hyp_word in enumerate(hyp, start=1):
            current.append(
                min(
                    previous[j] + 1,  # deletion
                    current[j - 1] + 1,  # insertion
                    previous[j - 1] + (ref_word != hyp_word),  # substitution or match
                )
            )
        previous = current
    return previous[-1], len(ref)

"""Word error rate: how far a draft transcript is from what was really said."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)")
_NUMBER_THEN_LETTERS = re.compile(r"(\d+)([a-z]+)")
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)")

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def number_words(n: int) -> list[str]:
    """12 -> ["twelve"], 345 -> ["three", "hundred", "and", "forty", "five"] (British "and")."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return [_ONES[hundreds], "hundred"] + (["and", *number_words(rest)] if rest else [])
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        tail = (["and"] if 0 < rest < 100 else []) + number_words(rest) if rest else []
        return [*number_words(thousands), "thousand", *tail]
    return list(str(n))  # rare in speech; spelt digit by digit


def _ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    if last in _ORDINAL_WORDS:
        return [*words[:-1], _ORDINAL_WORDS[last]]
    return [*words[:-1], (last[:-1] + "ieth") if last.endswith("y") else last + "th"]


def words(text: str) -> list[str]:
    """Lower-case words without punctuation, numbers written out ("3a" -> "three a",
    "50th" -> "fiftieth"), so "2" and "two" count as the same word."""
    out: list[str] = []
    for token in _WORD.findall(_THOUSANDS_COMMA.sub("", text.lower())):
        if match := _ORDINAL.fullmatch(token):
            out.extend(_ordinal(number_words(int(match.group(1)))))
        elif token.isdigit():
            out.extend(number_words(int(token)))
        elif match := _NUMBER_THEN_LETTERS.fullmatch(token):
            out.extend([*number_words(int(match.group(1))), *words(match.group(2))])
        else:
            out.append(token)
    return out


def wer(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / words in the reference.

    Case, punctuation and digits-versus-words are ignored (see `words`). 0.0 is perfect;
    above 1.0 is possible when the hypothesis adds many words. Raises ValueError for a
    reference with no words.
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

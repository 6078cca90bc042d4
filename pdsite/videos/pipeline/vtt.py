"""Read and write WebVTT captions as plain-text cues.

``parse_vtt`` turns an uploaded .vtt file into a list of ``Cue`` (start, end,
plain text) or raises ``CaptionsError`` with a message that names the line to
fix. ``render_vtt`` writes cues back as a WebVTT file that ``parse_vtt``
reads back to the same cues.

Parsing of blocks (header, NOTE, STYLE, REGION, cues) is done by webvtt-py.
Before handing the text over, this module checks every cue timing line
itself, because webvtt-py silently drops a cue whose timestamp it cannot
read, which would make captions vanish without anyone noticing. Timestamps
must be in the exact WebVTT form ([hh:]mm:ss.ttt) that browsers accept.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

__all__ = ["CaptionsError", "Cue", "format_clock", "format_timestamp", "parse_vtt", "render_vtt"]


@dataclass(frozen=True)
class Cue:
    """One caption: shown from ``start`` to ``end`` seconds, plain ``text``.

    ``text`` is a single line without markup: parse_vtt removes tags such as
    ``<v Speaker>`` or ``<i>``, decodes entities (``&amp;`` -> ``&``) and
    joins the lines of a cue with spaces.
    """

    start: float  # seconds
    end: float  # seconds
    text: str


class CaptionsError(ValueError):
    """The captions file cannot be used; the message says why, for the uploader.

    ``line`` is the 1-based line number the problem is on, when there is one.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(f"Line {line}: {message}" if line is not None else message)
        self.line = line


# WebVTT timestamps: optional hours (2+ digits), then mm:ss.ttt exactly.
_TIMESTAMP = re.compile(r"(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})")
# The WebVTT line terminators (not the other characters str.splitlines uses).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WHITESPACE = re.compile(r"\s+")
# The first line of a block that is not a cue: NOTE, STYLE or REGION, alone or before text.
_NOT_A_CUE = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")


def parse_vtt(text: str) -> list[Cue]:
    """Parse WebVTT text into cues, in file order.

    Cue text is made plain (see ``Cue``); cues whose text is empty once
    plain are skipped. NOTE, STYLE and REGION blocks and cue settings are
    accepted and ignored.

    Raises ``CaptionsError`` when the text does not start with "WEBVTT", when
    a timing line has a timestamp that is not valid or ends before it starts,
    when text is outside any cue (the message names the line), or when there
    are no cues with text.
    """
    lines = _LINE_BREAK.split(text.removeprefix("\ufeff"))  # a BOM is allowed
    if not text.strip():
        raise CaptionsError("This captions file is empty.")
    header = lines[0]
    # "WEBVTT" alone, or followed by a space or tab and free text.
    if not (header == "WEBVTT" or header.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise CaptionsError("This is not a WebVTT file: it must start with WEBVTT.")

    timings = _check_timing_lines(lines)
    _check_no_stray_text(lines)

    try:
        captions = webvtt.from_buffer(io.StringIO("\n".join(lines))).captions
    except (MalformedFileError, MalformedCaptionError) as error:
        # Not expected after the checks above, but keep the promise that only
        # CaptionsError comes out.
        raise CaptionsError(f"These captions cannot be read ({error}).") from None
    if len(captions) != len(timings):
        # webvtt-py skipped a block we saw a timing line in; find which one so
        # the uploader is not left guessing.
        read = {(c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) for c in captions}
        for line_number, (start_ms, end_ms) in timings:
            if (start_ms, end_ms) not in read:
                raise CaptionsError(
                    "this cue could not be read; check that a blank line separates it "
                    "from the block before it.",
                    line=line_number,
                )

    cues = []
    for caption in captions:
        plain = _plain_text(caption.text)
        if plain:
            cues.append(
                Cue(
                    start=caption.start_time.in_milliseconds() / 1000,
                    end=caption.end_time.in_milliseconds() / 1000,
                    text=plain,
                )
            )
    if not cues:
        raise CaptionsError("This WebVTT file has no captions in it.")
    return cues


def render_vtt(cues: Iterable[Cue], *, identifiers: Iterable[str] | None = None) -> str:
    """Return a WebVTT file holding ``cues`` in the order given.

    With ``identifiers`` (one per cue, without line breaks or "-->"), each
    cue is preceded by its identifier line (``VTTCue.id`` in a browser).

    Times are written to the millisecond (rounded). Text is written as one
    line with whitespace collapsed and ``&``, ``<``, ``>`` escaped, so
    ``parse_vtt(render_vtt(cues)) == cues`` for cues that ``parse_vtt``
    produced, or any cues with millisecond times and single-spaced,
    non-empty text. Raises ``ValueError`` for a negative or infinite time, a
    cue ending before it starts, or empty text.
    """
    blocks = ["WEBVTT\n"]
    cues = list(cues)
    names = [""] * len(cues) if identifiers is None else list(identifiers)
    if len(names) != len(cues) or any("-->" in n or _WHITESPACE.sub("", n) != n for n in names):
        raise ValueError("identifiers must be one per cue, without spaces, line breaks or -->")
    for cue, name in zip(cues, names):
        text = _WHITESPACE.sub(" ", cue.text).strip()
        if not text:
            raise ValueError(f"cue at {cue.start}s has no text")
        if cue.end < cue.start:
            raise ValueError(f"cue at {cue.start}s ends before it starts ({cue.end}s)")
        # quote=False: quotes are fine in cue text and would read back
        # unchanged anyway; escaping only what WebVTT needs keeps files readable.
        escaped = html.escape(text, quote=False)
        heading = f"{name}\n" if name else ""
        blocks.append(f"{heading}{format_timestamp(cue.start)} --> {format_timestamp(cue.end)}\n{escaped}\n")
    return "\n".join(blocks)


def format_clock(seconds: float | None) -> str:
    """Seconds as people read them, e.g. 26.7 -> "0:26" and 7384.2 -> "2:03:04".

    The one rounding rule for durations and moments everywhere (pages, search, refusals, and
    player.js's `clock`): whole seconds, rounded down, so a page never says a clip is longer
    than the player's clock ever shows. None or a negative time reads as 0:00.
    """
    total = max(0, math.floor(seconds)) if seconds is not None and math.isfinite(seconds) else 0
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_timestamp(seconds: float) -> str:
    """Format seconds as a WebVTT timestamp, e.g. 62.5 -> "00:01:02.500".

    Rounded to the nearest millisecond; hours grow past two digits if needed.
    Raises ``ValueError`` for a negative time, or one that is not a number (inf, nan).
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"a timestamp must be a number of seconds, not negative: {seconds}")
    total_ms = round(seconds * 1000)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _check_timing_lines(lines: list[str]) -> list[tuple[int, tuple[int, int]]]:
    """Validate every line holding "-->"; return (line number, (start ms, end ms)) of each.

    In WebVTT "-->" can only appear on a cue timing line, so every such line
    is checked. Line numbers are 1-based, as editors show them.
    """
    timings = []
    for index, line in enumerate(lines[1:], start=2):
        if "-->" not in line:
            continue
        left, _, right = line.partition("-->")
        start_text = left.strip()
        # After the end time come optional cue settings ("align:start ...").
        end_text = right.split()[0] if right.split() else ""
        start_ms = _timestamp_ms(start_text, line_number=index)
        end_ms = _timestamp_ms(end_text, line_number=index)
        if end_ms < start_ms:
            raise CaptionsError(
                f"the cue ends at {end_text}, before it starts at {start_text}.", line=index
            )
        timings.append((index, (start_ms, end_ms)))
    return timings


def _check_no_stray_text(lines: list[str]) -> None:
    """Refuse text outside any cue, which webvtt-py (and browsers) would drop unseen.

    A cue block's "-->" line is its first, or its second after an identifier. The
    header block (the first, with its metadata lines) and NOTE, STYLE and REGION blocks
    are not cues. Typically the stray text is a cue's next line after an empty line.
    """
    for first_line, block in _blocks(lines)[1:]:
        if _NOT_A_CUE.fullmatch(block[0]):
            continue
        arrows = [position for position, line in enumerate(block) if "-->" in line]
        if not arrows or arrows[0] > 1:
            raise CaptionsError(
                "this text is not part of any cue (cue text cannot contain an empty line): "
                "remove the empty line above it, or give it a timing line of its own.",
                line=first_line,
            )


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each block: runs of lines that end at an empty line.

    As in webvtt-py, a line of only spaces is part of its block.
    """
    blocks, first_line = [], None
    for number, line in enumerate([*lines, ""], start=1):
        if line and first_line is None:
            first_line = number
        elif not line and first_line is not None:
            blocks.append((first_line, lines[first_line - 1 : number - 1]))
            first_line = None
    return blocks


def _timestamp_ms(value: str, *, line_number: int) -> int:
    """Parse one WebVTT timestamp to milliseconds, or raise a CaptionsError naming the line."""
    match = _TIMESTAMP.fullmatch(value)
    if not match or int(match.group(2)) > 59 or int(match.group(3)) > 59:
        raise CaptionsError(
            f"timestamp '{value}' is not valid. Timestamps look like 00:01:02.500 "
            "(hours:minutes:seconds.milliseconds; the hours may be left out).",
            line=line_number,
        )
    hours, minutes, seconds, millis = (int(group or 0) for group in match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def _plain_text(text: str) -> str:
    """Return cue text as one plain line.

    webvtt-py's ``Caption.text`` has already dropped the tags (<v Ann>,
    <i>, <00:00:01.000>, ...); what is left may still hold entities and
    line breaks.
    """
    return _WHITESPACE.sub(" ", html.unescape(text)).strip()

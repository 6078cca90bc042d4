"""Read SubRip (.srt) captions as plain-text cues, and tell SRT from WebVTT.

``parse_srt`` checks every block and timing line itself (pysrt quietly reads "00:00:0x,000"
as zero and skips blocks it cannot read), then lets pysrt do the parsing of the same lines
(pysrt would split them again at the other line breaks of ``str.splitlines``, such as
U+2028, and see blocks the checks never saw). Errors are ``CaptionsError`` naming the
line, as for WebVTT.
"""

from __future__ import annotations

import html
import re

import pysrt

from .vtt import CaptionsError, Cue, parse_vtt

__all__ = ["parse_captions", "parse_srt"]

# SRT timestamps: hh:mm:ss,ttt (a dot is accepted too; some tools write one).
_TIMESTAMP = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})[,.](\d{3})")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TAG = re.compile(r"<[^>]+>|\{\\[^}]*\}")
_WHITESPACE = re.compile(r"\s+")


def parse_captions(text: str) -> list[Cue]:
    """Parse an uploaded captions file, WebVTT or SRT (told apart by the WEBVTT header)."""
    if text.removeprefix("\ufeff").startswith("WEBVTT"):
        return parse_vtt(text)
    return parse_srt(text)


def parse_srt(text: str) -> list[Cue]:
    """Parse SRT text into cues in file order; raise CaptionsError naming the line to fix.

    Each block is an optional number line, a timing line "00:00:01,000 --> 00:00:02,500"
    and one or more text lines. Tags (<i>, {\\an8}) are dropped and lines joined with spaces.
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CaptionsError("This captions file is empty.")
    lines = _LINE_BREAK.split(text)
    block_start = None
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            if block_start is None:
                block_start = number
            continue
        if block_start is not None:
            _check_block(lines[block_start - 1 : number - 1], first_line=block_start)
            block_start = None

    try:
        items = list(pysrt.stream(lines, error_handling=pysrt.ERROR_RAISE))
    except pysrt.Error:
        # Not expected after the checks above, but keep the promise that only
        # CaptionsError comes out.
        raise CaptionsError("These captions cannot be read.") from None
    cues = []
    for item in items:
        plain = _WHITESPACE.sub(" ", html.unescape(_TAG.sub("", item.text))).strip()
        if plain:
            cues.append(Cue(start=item.start.ordinal / 1000, end=item.end.ordinal / 1000, text=plain))
    if not cues:
        raise CaptionsError("This SRT file has no captions in it.")
    return cues


def _check_block(block: list[str], *, first_line: int) -> None:
    timing_index = 1 if block[0].strip().isdigit() else 0
    if timing_index >= len(block) or "-->" not in block[timing_index]:
        raise CaptionsError(
            "expected a cue number and then a timing line such as 00:00:01,000 --> 00:00:02,500 "
            "(is this a WebVTT file without its WEBVTT header, or not a captions file?).",
            line=first_line,
        )
    line_number = first_line + timing_index
    timing = block[timing_index]
    if timing.count("-->") > 1:
        raise CaptionsError("this timing line has more than one -->.", line=line_number)
    left, _, right = timing.partition("-->")
    start_ms = _timestamp_ms(left.strip(), line_number=line_number)
    # The end time runs to the first space, as pysrt reads it; cue settings may follow.
    end_text = right.strip().split(" ", 1)[0]
    end_ms = _timestamp_ms(end_text, line_number=line_number)
    if end_ms < start_ms:
        raise CaptionsError(f"the cue ends at {end_text}, before it starts at {left.strip()}.", line=line_number)
    if len(block) <= timing_index + 1:
        raise CaptionsError("this cue has no text.", line=line_number)
    for offset, line in enumerate(block[timing_index + 1 :], start=line_number + 1):
        # pysrt would read a next cue without the blank line before it as text of this one.
        if "-->" in line and _TIMESTAMP.fullmatch(line.partition("-->")[0].strip()):
            raise CaptionsError(
                "this looks like the timing line of a new cue: put a blank line before it "
                "(and before its cue number).",
                line=offset,
            )


def _timestamp_ms(value: str, *, line_number: int) -> int:
    match = _TIMESTAMP.fullmatch(value)
    if not match or int(match.group(2)) > 59 or int(match.group(3)) > 59:
        raise CaptionsError(
            f"timestamp '{value}' is not valid. SRT timestamps look like 00:01:02,500 "
            "(hours:minutes:seconds,milliseconds).",
            line=line_number,
        )
    hours, minutes, seconds, millis = (int(group) for group in match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis

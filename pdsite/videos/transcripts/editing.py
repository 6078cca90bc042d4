"""The transcript editor's cues as typed: reading times, checking cues, the rows to show again.

Pure (no database): `cues_from_form` reads the editor's fields into cues and rows with their
problems, `validate_cues` holds the rules (used again by `services.transcript_save_cues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..pipeline.vtt import Cue, format_timestamp


class CueErrors(ValueError):
    """Problems with edited cues: `errors` maps a cue's position (0-based) to messages."""

    def __init__(self, errors: dict[int, list[str]]):
        super().__init__("; ".join(f"cue {i + 1}: {' '.join(m)}" for i, m in sorted(errors.items())))
        self.errors = errors


# At most 5 digits of hours and 9 of seconds: longer is not a time in a lesson clip (and
# keeps float() and int() far from infinity and Python's digit limit).
_TIME = re.compile(r"^(-)?(?:(?:(\d{1,5}):)?(\d{1,2}):)?(\d{1,9}(?:\.\d{1,9})?)$")


def parse_time(value: str) -> float | None:
    """"1:02.5", "00:01:02.500" or "62.5" -> 62.5 seconds; None if it is not a time.

    One leading "-" gives a negative time (which `validate_cues` then refuses with a message).
    """
    match = _TIME.match((value or "").strip().replace(",", "."))
    if not match:
        return None
    sign, hours, minutes, seconds = match.groups()
    total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)
    return -total if sign else total


@dataclass
class EditedCue:
    """One row of the editor form as typed, with its problems (for showing it again)."""

    start: str
    end: str
    text: str
    errors: list[str] = field(default_factory=list)
    # Audio descriptions only: "This cue needs a pause" (the video pauses while it is spoken).
    extended: bool = False


def cues_from_form(*, starts: list[str], ends: list[str], texts: list[str]) -> tuple[list[Cue], list[EditedCue]]:
    """Read the editor's parallel lists of fields into cues, and the rows with their errors.

    A time that cannot be read becomes an error on its row; the other rules are
    `validate_cues`. The cues are returned sorted by start time only when there are no errors.
    """
    rows = [EditedCue(start=s, end=e, text=t) for s, e, t in zip(starts, ends, texts, strict=True)]
    if not rows:
        return [], []  # nothing typed: the caller decides (a transcript needs a cue; descriptions may be emptied)
    cues: list[Cue] = []
    for row in rows:
        start, end = parse_time(row.start), parse_time(row.end)
        if start is None:
            row.errors.append(f"The start time “{row.start}” is not a time like 1:02.5.")
        if end is None:
            row.errors.append(f"The end time “{row.end}” is not a time like 1:04.")
        cues.append(Cue(start=start or 0.0, end=end or 0.0, text=" ".join(row.text.split())))
    for index, messages in validate_cues(cues, check_times=[not r.errors for r in rows]).items():
        rows[index].errors.extend(messages)
    return cues, rows


def validate_cues(cues: list[Cue], *, check_times: list[bool] | None = None) -> dict[int, list[str]]:
    """Problems per cue position: empty text, negative times, ending before starting,
    overlapping the cue before it (cues must be in time order)."""
    errors: dict[int, list[str]] = {}
    if not cues:
        return {0: ["A transcript needs at least one cue."]}
    previous: Cue | None = None
    for index, cue in enumerate(cues):
        messages = []
        if not cue.text.strip():
            messages.append("The text is empty.")
        if check_times is None or check_times[index]:
            if cue.start < 0 or cue.end < 0:
                messages.append("Times cannot be negative.")
            elif cue.end <= cue.start:
                messages.append("The cue must end after it starts.")
            if previous is not None and cue.start < previous.end - 0.0005:
                messages.append(
                    f"It starts at {format_timestamp(max(cue.start, 0))}, before the cue above ends "
                    f"({format_timestamp(max(previous.end, 0))})."
                )
            previous = cue
        if messages:
            errors[index] = messages
    return errors

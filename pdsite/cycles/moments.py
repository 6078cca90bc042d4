"""Moments of a lesson recording named in a post-lesson discussion's agenda, and the one place
links to a recording moment are built.

An agenda item points at a moment by "@" and the time: "10 Pupils' first bar models @12:05"
(or @1:02:05). The "@" keeps ratios such as 3:1 plain text. The agenda stays the workshop's
(departments.Workshop.agenda), so the departments edit form keeps the moments as typed.

A moment is a link only for a viewer who may see the recording (the one video rule,
videos.access.video_visible_to); anyone else sees the time without a link.
"""

import re
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from pdsite.videos.access import video_visible_to

MOMENT = re.compile(r"@(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)\b")


@dataclass(frozen=True)
class Part:
    """A piece of an agenda item's title: plain text, or a moment (`seconds` set) with its
    link (`url`, None when the viewer may not see the recording)."""

    text: str
    seconds: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class AgendaLine:
    minutes: int
    parts: tuple[Part, ...]

    @property
    def has_moment(self) -> bool:
        return any(part.seconds is not None for part in self.parts)


def clock(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def moments_in(text: str) -> list[int]:
    """The moments (seconds) `text` names, in order."""
    return [_seconds(match) for match in MOMENT.finditer(text)]


def _seconds(match: re.Match) -> int:
    hours, minutes, seconds = match.group(1), match.group(2), match.group(3)
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)


def recording_url(recording_id: int) -> str | None:
    """The recording's page, or None while there is none (`lessons:recording` is the recordings
    work's: until it is merged, recordings and moments show without links)."""
    try:
        return reverse("lessons:recording", args=[recording_id])
    except NoReverseMatch:
        return None


def recording_moment_url(recording_id: int, seconds: int) -> str | None:
    """The recording's page at `seconds` (its player seeks to ?t=), or None (recording_url)."""
    url = recording_url(recording_id)
    return f"{url}?t={int(seconds)}" if url else None


def agenda_lines(workshop, *, recording, viewer) -> list[AgendaLine]:
    """The workshop's agenda, each title split into text and moments of `recording` (None: the
    cycle has no recording yet), linked when `viewer` may see it. One visibility check."""
    visible = recording is not None and video_visible_to(viewer, recording.video)
    lines = []
    for block in workshop.agenda:
        title = block.value["title"]
        parts, last = [], 0
        for match in MOMENT.finditer(title):
            if match.start() > last:
                parts.append(Part(title[last:match.start()]))
            seconds = _seconds(match)
            url = recording_moment_url(recording.pk, seconds) if visible else None
            parts.append(Part(clock(seconds), seconds=seconds, url=url))
            last = match.end()
        if last < len(title):
            parts.append(Part(title[last:]))
        lines.append(AgendaLine(minutes=block.value["minutes"], parts=tuple(parts)))
    return lines

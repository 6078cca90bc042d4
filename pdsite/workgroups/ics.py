"""A calendar file (RFC 5545 iCalendar) of a Work Group's workshops: a pure, commented builder.

One VEVENT per workshop, in local time with a TZID of Europe/London (the DTSTART/DTEND carry
the wall-clock times the programme prints, e.g. 09:30–15:15). Text values are escaped (\\ ; ,
and newlines), lines end CRLF and are folded at 75 octets, as the RFC requires. UIDs are
stable per workshop, so a calendar that imports the file again updates the events (and a date
change sent later replaces the old one: SEQUENCE rises with each change).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

PRODID = "-//pdsite//Work Groups//EN"
TZID = "Europe/London"


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    day: date
    starts: time
    ends: time
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """`line` folded into 75-octet pieces (continuations start with a space), not splitting a
    UTF-8 character."""
    out, piece, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = 75 if not out else 74
        if size + width > limit:
            out.append(piece)
            piece, size = "", 0
        piece += char
        size += width
    out.append(piece)
    return "\r\n ".join(out)


def _local(day: date, at: time) -> str:
    return datetime.combine(day, at).strftime("%Y%m%dT%H%M%S")


def calendar(events: Iterable[Event], *, name: str, stamp: datetime) -> str:
    """The text of a VCALENDAR with `events`; `stamp` (aware, UTC) is every event's DTSTAMP."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    stamp_text = stamp.strftime("%Y%m%dT%H%M%SZ")
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp_text}",
            f"SEQUENCE:{event.sequence}",
            f"DTSTART;TZID={TZID}:{_local(event.day, event.starts)}",
            f"DTEND;TZID={TZID}:{_local(event.day, event.ends)}",
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

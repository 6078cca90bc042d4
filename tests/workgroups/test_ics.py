"""The calendar file builder (a pure function), read back by a strict RFC 5545 reader."""

import datetime

from pdsite.workgroups.ics import Event, calendar, escape, fold

STAMP = datetime.datetime(2026, 9, 1, 8, 0, tzinfo=datetime.UTC)


def parse(text: str) -> list[dict]:
    """Unfold, check every line ends CRLF and fits 75 octets, BEGIN/END nest; the VEVENTs'
    properties by name (parameters kept after the name)."""
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in raw), "a line longer than 75 octets"
    lines = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack, events = [], []
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        else:
            assert stack, f"property outside a component: {line}"
            if stack[-1] == "VEVENT":
                events[-1][name] = value
    assert not stack
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    return events


def test_every_workshop_is_an_event_with_local_times():
    events = [
        Event(uid=f"w{n}@pdsite", summary=f"Workshop {n}", day=datetime.date(2026, 11, 20 + n),
              starts=datetime.time(9, 30), ends=datetime.time(15, 15), location="Shrewsbury")
        for n in (1, 2)
    ]
    parsed = parse(calendar(events, name="Sustaining TfM", stamp=STAMP))
    assert [e["UID"] for e in parsed] == ["w1@pdsite", "w2@pdsite"]
    assert parsed[0]["DTSTART;TZID=Europe/London"] == "20261121T093000"
    assert parsed[0]["DTEND;TZID=Europe/London"] == "20261121T151500"
    assert parsed[0]["DTSTAMP"] == "20260901T080000Z" and parsed[0]["LOCATION"] == "Shrewsbury"


def test_text_is_escaped_and_long_lines_fold_without_splitting_characters():
    long = "Curriculum coherence; thinking, reasoning – “é” " * 6
    text = calendar(
        [Event(uid="x", summary=long, day=datetime.date(2026, 1, 1), starts=datetime.time(9), ends=datetime.time(12),
               description="Line one\nLine two")],
        name="A, B", stamp=STAMP,
    )
    event = parse(text)[0]
    assert event["SUMMARY"] == escape(long) and "\\;" in event["SUMMARY"] and "\\," in event["SUMMARY"]
    assert event["DESCRIPTION"] == "Line one\\nLine two"
    assert "X-WR-CALNAME:A\\, B" in text
    assert fold("a" * 80) == "a" * 75 + "\r\n " + "a" * 5

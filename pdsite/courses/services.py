"""Writes for courses: recording what a teacher watched."""

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import intervals
from .models import ViewingRecord


class InvalidReport(ValueError):
    """A progress report the server will not accept; the message says why."""


def _parse_ranges(ranges: Iterable) -> list[intervals.Interval]:
    parsed = []
    try:
        for start, end in ranges:
            start, end = float(start), float(end)
            if not (start == start and end == end) or start < 0 or end < start:  # NaN, negative, reversed
                raise InvalidReport("Each range must be [start, end] seconds with 0 ≤ start ≤ end.")
            parsed.append((start, end))
    except (TypeError, ValueError) as error:
        if isinstance(error, InvalidReport):
            raise
        raise InvalidReport("Ranges must be a list of [start, end] pairs of numbers.") from error
    if len(parsed) > 500:
        raise InvalidReport("Too many ranges in one report.")
    return parsed


def progress_record_heartbeat(*, user, video, ranges: Iterable, position: float | None = None) -> ViewingRecord:
    """Merge the ranges a player reports as played into the teacher's unique watched seconds.

    Ranges are clamped to the video. New seconds are capped by the wall time since the last
    report × the fastest playback rate (plus a small grace), so a forged or scrubbed report
    cannot complete a video; rewatching adds nothing. The row is locked for the merge, so two
    tabs reporting at once cannot lose each other's seconds.
    Raises InvalidReport for malformed ranges or a video that cannot be watched yet.
    """
    if not video.is_ready or not video.duration:
        raise InvalidReport("This video is not ready to watch yet.")
    reported = intervals.clamp(_parse_ranges(ranges), low=0.0, high=video.duration)

    with transaction.atomic():
        record = _locked_record(user=user, video=video)
        now = timezone.now()
        stored = intervals.normalise(record.watched_intervals)
        new = intervals.subtract(reported, stored)
        elapsed = (now - record.last_report_at).total_seconds() if record.last_report_at else 0.0
        budget = max(elapsed, 0.0) * settings.PDSITE_MAX_PLAYBACK_RATE + settings.PDSITE_HEARTBEAT_SLACK_SECONDS
        accepted = intervals.truncate(new, budget)

        merged = intervals.normalise([*stored, *accepted])
        record.watched_intervals = [list(pair) for pair in merged]
        record.watched_seconds = intervals.total(merged)
        record.coverage = min(record.watched_seconds / video.duration, 1.0)
        if position is not None:
            record.last_position = min(max(float(position), 0.0), video.duration)
        record.last_report_at = now
        if record.completed_at is None and record.coverage >= settings.PDSITE_COMPLETION_THRESHOLD:
            record.completed_at = now
        record.save()
    return record


def _locked_record(*, user, video) -> ViewingRecord:
    """Get or create the row and lock it; a racing create falls back to the winner's row."""
    record = ViewingRecord.objects.select_for_update().filter(user=user, video=video).first()
    if record is not None:
        return record
    try:
        with transaction.atomic():
            return ViewingRecord.objects.create(user=user, video=video)
    except IntegrityError:
        return ViewingRecord.objects.select_for_update().get(user=user, video=video)

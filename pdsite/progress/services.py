"""Writes for progress: recording what a teacher watched, one heartbeat report at a time
(validation, the wall-time cap, the locked merge into unique seconds, edge-triggered
completion, then `signals.viewing_progressed` on commit)."""

import math
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import intervals
from .budget import BudgetRules, CreditWindow, credit_window_for, seconds_allowed
from .completion import LOWEST_THRESHOLD, completion_threshold_for
from .models import ViewingRecord
from .signals import viewing_progressed

MAX_RANGES_PER_REPORT = 500


class InvalidReport(ValueError):
    """A progress report the server will not accept; the message says why."""


def video_is_playable(video) -> bool:
    # The pipeline may add a "playable before every rendition is done" state.
    return bool(getattr(video, "is_playable", video.is_ready)) and bool(video.duration)


def _parse_ranges(ranges: Iterable, *, duration: float) -> list[intervals.Interval]:
    """Check every range is [start, end] seconds inside the video (a little rounding past the
    end is allowed: players and ffprobe disagree by a fraction of a second)."""
    limit = duration + settings.PDSITE_HEARTBEAT_END_TOLERANCE_SECONDS
    if isinstance(ranges, (str, bytes, dict)):
        raise InvalidReport("Ranges must be a list of [start, end] pairs of numbers.")
    parsed = []
    try:
        for pair in ranges:
            if isinstance(pair, (str, bytes, dict)):
                raise TypeError
            start, end = pair
            if isinstance(start, bool) or isinstance(end, bool):
                raise TypeError
            start, end = float(start), float(end)
            if not (math.isfinite(start) and math.isfinite(end)) or start < 0 or end < start:
                raise InvalidReport("Each range must be [start, end] seconds with 0 ≤ start ≤ end.")
            if end > limit:
                raise InvalidReport(f"A range ends at {end:g} s but the video is only {duration:g} s long.")
            parsed.append((start, end))
            if len(parsed) > MAX_RANGES_PER_REPORT:
                raise InvalidReport("Too many ranges in one report.")
    except (TypeError, ValueError) as error:
        if isinstance(error, InvalidReport):
            raise
        raise InvalidReport("Ranges must be a list of [start, end] pairs of numbers.") from error
    return parsed


def _parse_position(position, *, duration: float) -> float | None:
    if position is None:
        return None
    try:
        position = float(position)
    except (TypeError, ValueError) as error:
        raise InvalidReport("Position must be a number of seconds.") from error
    if not math.isfinite(position) or position < 0 or position > duration + settings.PDSITE_HEARTBEAT_END_TOLERANCE_SECONDS:
        raise InvalidReport("Position must be a number of seconds inside the video.")
    return min(position, duration)


_LOCK_SQL = None
_SAVE_SQL = None
_SAVED_FIELDS = (
    "watched_intervals",
    "watched_seconds",
    "coverage",
    "last_position",
    "last_report_at",
    "completed_at",
    "credit_window_started_at",
    "credit_window_seconds",
)


def _budget_rules() -> BudgetRules:
    return BudgetRules(
        rate=settings.PDSITE_MAX_PLAYBACK_RATE,
        slack=settings.PDSITE_HEARTBEAT_SLACK_SECONDS,
        idle_seconds=settings.PDSITE_HEARTBEAT_WINDOW_IDLE_SECONDS,
        max_window_seconds=settings.PDSITE_HEARTBEAT_WINDOW_MAX_SECONDS,
    )


def _save_progress(record: ViewingRecord) -> None:
    """`record.save(update_fields=_SAVED_FIELDS)` as one fixed UPDATE: it runs on every report
    and compiling the save cost more than PostgreSQL spends on it. ViewingRecord has no
    save() override or pre/post_save receivers (add one and this must become a save())."""
    global _SAVE_SQL
    meta = ViewingRecord._meta
    fields = [meta.get_field(name) for name in _SAVED_FIELDS]
    if _SAVE_SQL is None:
        q = connection.ops.quote_name
        assignments = ", ".join(f"{q(field.column)} = %s" for field in fields)
        _SAVE_SQL = f"UPDATE {q(meta.db_table)} SET {assignments} WHERE {q(meta.pk.column)} = %s"
    values = [field.get_db_prep_save(getattr(record, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(_SAVE_SQL, [*values, record.pk])


def _lock_sql() -> str:
    global _LOCK_SQL
    if _LOCK_SQL is None:
        q, meta = connection.ops.quote_name, ViewingRecord._meta
        columns = ", ".join(q(field.column) for field in meta.concrete_fields)
        _LOCK_SQL = (
            f"SELECT {columns} FROM {q(meta.db_table)} WHERE {q(meta.get_field('user').column)} = %s "
            f"AND {q(meta.get_field('video').column)} = %s"
        )
        # As Django's select_for_update: SQLite (the embedded default) has no FOR UPDATE and
        # serialises writers itself.
        if connection.features.has_select_for_update:
            _LOCK_SQL += " FOR UPDATE"
    return _LOCK_SQL


def progress_record_heartbeat(*, user, video, ranges: Iterable, position=None) -> ViewingRecord:
    """Merge the ranges a player reports as played into the teacher's unique watched seconds.

    Every range must lie inside the video; new seconds are credited from the record's credit
    window (progress/budget.py: wall time since the window opened × the fastest playback rate,
    plus one slack), so a forged or scrubbed report cannot complete a video; rewatching adds nothing; repeated and out-of-order
    reports change nothing more. The row is locked (SELECT ... FOR UPDATE) for the merge, so two
    tabs reporting at once cannot lose or double count each other's seconds.
    Completion is edge-triggered: `completed_at` is set once, when coverage first reaches the
    threshold. After commit, `signals.viewing_progressed` is sent if seconds were added.
    Raises InvalidReport (nothing written) for malformed or out-of-video ranges, or a video
    that cannot be watched yet.
    """
    if not video_is_playable(video):
        raise InvalidReport("This video is not ready to watch yet.")
    duration = float(video.duration)
    reported = intervals.clamp(_parse_ranges(ranges, duration=duration), low=0.0, high=duration)
    position = _parse_position(position, duration=duration)

    with transaction.atomic():
        record = _locked_record(user=user, video=video)
        now = timezone.now()
        stored = intervals.normalise(record.watched_intervals)
        new = intervals.subtract(reported, stored)
        rules = _budget_rules()
        window = credit_window_for(
            CreditWindow(started_at=record.credit_window_started_at, credited=record.credit_window_seconds),
            now=now,
            last_report_at=record.last_report_at,
            rules=rules,
        )
        accepted = intervals.truncate(new, seconds_allowed(window, now=now, rules=rules))
        record.credit_window_started_at = window.started_at
        record.credit_window_seconds = window.credited + intervals.total(accepted)

        added = intervals.total(accepted) > 0
        if added:
            merged = intervals.normalise([*stored, *accepted])
            record.watched_intervals = [list(pair) for pair in merged]
            record.watched_seconds = intervals.total(merged)
            record.coverage = min(record.watched_seconds / duration, 1.0)
        if position is not None:
            record.last_position = position
        record.last_report_at = now
        completed_now = (
            added
            and record.completed_at is None
            and record.coverage >= LOWEST_THRESHOLD
            and record.coverage >= completion_threshold_for(video)
        )
        if completed_now:
            record.completed_at = now
        _save_progress(record)
        if added:
            transaction.on_commit(
                partial(
                    viewing_progressed.send,
                    sender=ViewingRecord,
                    user=user,
                    video=video,
                    record=record,
                    completed_now=completed_now,
                )
            )
    return record


def _locked_record(*, user, video) -> ViewingRecord:
    """Get or create the row and lock it; a racing create falls back to the winner's row."""
    # Fixed SQL for the hot path (every report): the same SELECT ... FOR UPDATE the queryset
    # below would compile, without compiling it each time.
    record = next(iter(ViewingRecord.objects.raw(_lock_sql(), [user.pk, video.pk])), None)
    if record is not None:
        return record
    try:
        with transaction.atomic():
            return ViewingRecord.objects.create(user=user, video=video)
    except IntegrityError:
        return ViewingRecord.objects.select_for_update().get(user=user, video=video)

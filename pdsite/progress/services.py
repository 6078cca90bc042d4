"""Writes for progress: recording what a teacher watched, one heartbeat report at a time
(validation, the wall-time cap, the merge into unique seconds, edge-triggered completion, then
`signals.viewing_progressed` on commit). On PostgreSQL the merge is one statement
(report_sql); elsewhere a compare-and-set in Python (_apply_report)."""

import math
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from pdsite.videos.models import Video

from . import heartbeat_tokens, intervals, report_sql, selectors
from .fields import multirange_literal, pairs_from_multirange
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


# The fields a report writes (the row's other columns are set once, when it is created).
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
# A write that finds the row changed since it was read (another tab reported in between)
# reads it again; only a row that changes this many times in a row makes the report fail.
MAX_ATTEMPTS = 20
_SQL: dict[str, str] = {}


class ReportConflict(RuntimeError):
    """The record kept changing under this report (MAX_ATTEMPTS times); nothing was written."""


def _budget_rules() -> BudgetRules:
    return BudgetRules(
        rate=settings.PDSITE_MAX_PLAYBACK_RATE,
        slack=settings.PDSITE_HEARTBEAT_SLACK_SECONDS,
        idle_seconds=settings.PDSITE_HEARTBEAT_WINDOW_IDLE_SECONDS,
        max_window_seconds=settings.PDSITE_HEARTBEAT_WINDOW_MAX_SECONDS,
    )


def _sql(name: str) -> str:
    """The hot path's fixed statements, built once: compiling the equivalent querysets cost
    more CPU than PostgreSQL spends running them. ViewingRecord has no save() override or
    pre/post_save receivers (add one and these must become ORM writes)."""
    if not _SQL:
        q, meta = connection.ops.quote_name, ViewingRecord._meta
        table, pk = q(meta.db_table), q(meta.pk.column)
        user, video = q(meta.get_field("user").column), q(meta.get_field("video").column)
        columns = ", ".join(q(field.column) for field in meta.concrete_fields)
        saved = [q(meta.get_field(name).column) for name in _SAVED_FIELDS]
        revision = q("revision")
        _SQL["read"] = f"SELECT {columns} FROM {table} WHERE {user} = %s AND {video} = %s"
        _SQL["update"] = (
            f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in saved)}, {revision} = {revision} + 1 "
            f"WHERE {pk} = %s AND {revision} = %s"
        )
        inserted = [*saved, user, video, q("first_report_at"), revision]
        _SQL["insert"] = (
            f"INSERT INTO {table} ({', '.join(inserted)}) VALUES ({', '.join(['%s'] * len(inserted))}) "
            f"ON CONFLICT ({user}, {video}) DO NOTHING RETURNING {pk}"
        )
    return _SQL[name]


def _read_record(*, user, video) -> ViewingRecord:
    """The stored record, or a new unsaved one (pk None) when the teacher has none yet."""
    record = next(iter(ViewingRecord.objects.raw(_sql("read"), [user.pk, video.pk])), None)
    return record if record is not None else ViewingRecord(user=user, video=video, revision=0)


def _write_record(record: ViewingRecord, *, now) -> bool:
    """Write `record` if nobody has since it was read (compare-and-set on `revision`): one
    statement, committed on its own outside a transaction. False: it changed, read again."""
    fields = [ViewingRecord._meta.get_field(name) for name in _SAVED_FIELDS]
    values = [field.get_db_prep_save(getattr(record, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        if record.pk is None:
            first_report_at = ViewingRecord._meta.get_field("first_report_at").get_db_prep_save(now, connection)
            cursor.execute(_sql("insert"), [*values, record.user_id, record.video_id, first_report_at, 0])
            row = cursor.fetchone()
            if row is None:  # another tab created it first
                return False
            record.pk, record.first_report_at = row[0], now
            return True
        cursor.execute(_sql("update"), [*values, record.pk, record.revision])
        if cursor.rowcount != 1:
            return False
    record.revision += 1
    return True


def progress_record_heartbeat(*, user, video, ranges: Iterable, position=None) -> ViewingRecord:
    """Merge the ranges a player reports as played into the teacher's unique watched seconds.

    Every range must lie inside the video; new seconds are credited from the record's credit
    window (progress/budget.py: wall time since the window opened × the fastest playback rate,
    plus one slack), so a forged or scrubbed report cannot complete a video; rewatching adds
    nothing; repeated and out-of-order reports change nothing more. Completion is
    edge-triggered: `completed_at` is set once, when coverage first reaches the threshold.
    After commit, `signals.viewing_progressed` is sent if seconds were added.

    On PostgreSQL a report is one statement in autocommit (report_sql): it locks the row
    (`FOR UPDATE`), so a second tab's report waits and then merges into what the first wrote,
    and it is durable alone (synchronous commit). Elsewhere it is a read, then a write only if
    the row's `revision` is unchanged (else read again).
    Raises InvalidReport (nothing written) for malformed or out-of-video ranges, or a video
    that cannot be watched yet; ReportConflict (nothing written) if the row changed under it
    (or, on PostgreSQL, another tab's first report kept winning) MAX_ATTEMPTS times running.
    """
    if not video_is_playable(video):
        raise InvalidReport("This video is not ready to watch yet.")
    duration = float(video.duration)
    reported = intervals.clamp(_parse_ranges(ranges, duration=duration), low=0.0, high=duration)
    position = _parse_position(position, duration=duration)
    if connection.vendor == "postgresql":
        params = _statement_params(user_id=user.pk, video_id=video.pk, reported=reported, position=position)
        params.update(status=video.status, duration=duration)
        row = _run_report(*report_sql.report_sql("session"), params)
        record, added, completed_now = _record_from_row(row, flags=0)
        record.user, record.video = user, video
    else:
        record, added, completed_now = _record_in_python(user=user, video=video, reported=reported, position=position)
    _announce(record, user=user, video=video, added=added, completed_now=completed_now)
    return record


def progress_record_token_heartbeat(
    *, user_id: int, video_id: int, session_key: str, binding: str, ranges, position=None
) -> ViewingRecord | None:
    """A report carrying a signed heartbeat token (middleware.HeartbeatTokenMiddleware), whose
    signature the caller has checked: on PostgreSQL, the token check and the report in one
    statement (report_sql), with the rules of progress_record_heartbeat. Returns the record
    (its `user` and `video` built from the statement: the user carries the registered flags,
    the video its page threshold), or None when nothing was written because the token is
    refused (user, session, binding, video, page) or the report is malformed or does not fit
    the video: the caller lets the full stack answer it. Raises ReportConflict as
    progress_record_heartbeat does."""
    try:
        reported = intervals.normalise(_parse_ranges(ranges, duration=math.inf))
        parsed_position = _parse_position(position, duration=math.inf)
    except InvalidReport:
        return None
    flags = selectors.heartbeat_viewer_flags()  # built once
    params = _statement_params(user_id=user_id, video_id=video_id, reported=reported, position=parsed_position)
    params.update(
        session=session_key,
        binding=binding,
        binding_length=heartbeat_tokens.BINDING_LENGTH,
        playable=report_sql.PLAYABLE,
    )
    row = _run_report(*report_sql.report_sql("token", [sql for _, sql in flags]), params)
    if row is None or not row[report_sql.OUTCOME_COLUMNS.index("fits")]:
        return None
    record, added, completed_now = _record_from_row(row, flags=len(flags))
    user_id, video_id, status, duration, threshold = row[:5]
    # from_db with only the columns known (the rest deferred): the cheap way to build them.
    user = get_user_model().from_db(connection.alias, ["id"], [user_id])
    # Read by the apps' receivers instead of their own query (pathways: pdsite_is_enrolled).
    for (attribute, _), value in zip(flags, row[len(report_sql.OUTCOME_COLUMNS) :]):
        setattr(user, attribute, bool(value))
    video = Video.from_db(connection.alias, ["id", "status", "duration"], [video_id, status, duration])
    video.pdsite_page_threshold = threshold  # completion.completion_threshold_for reads it
    record.user, record.video = user, video
    _announce(record, user=user, video=video, added=added, completed_now=completed_now)
    return record


def _statement_params(*, user_id, video_id, reported, position) -> dict:
    rules = _budget_rules()
    return {
        "user": user_id,
        "video": video_id,
        "ranges": multirange_literal(reported),
        "position": position,
        "now": timezone.now(),
        "tolerance": settings.PDSITE_HEARTBEAT_END_TOLERANCE_SECONDS,
        "rate": rules.rate,
        "slack": rules.slack,
        "idle": rules.idle_seconds,
        "max_window": rules.max_window_seconds,
        "lowest": LOWEST_THRESHOLD,
        "default_threshold": settings.PDSITE_COMPLETION_THRESHOLD,
    }


def _run_report(statement: str, names: list[str], params: dict):
    """Run the report statement; again while another tab's first report beat its insert."""
    fits, record_id = report_sql.OUTCOME_COLUMNS.index("fits"), -len(report_sql.RECORD_FIELDS)
    for _attempt in range(MAX_ATTEMPTS):
        row = report_sql.execute(statement, names, params)
        if row is None or not row[fits] or row[record_id] is not None:
            return row
    raise ReportConflict("Your progress changed in another tab at the same time; it will be sent again.")


def _record_from_row(row, *, flags: int) -> tuple[ViewingRecord, bool, bool]:
    """The written record from the statement's row: (record, seconds added, completed now)."""
    outcome = dict(zip(report_sql.OUTCOME_COLUMNS, row))
    values = row[len(report_sql.OUTCOME_COLUMNS) + flags :]
    fields = dict(zip(report_sql.RECORD_FIELDS, values))
    fields["watched_intervals"] = pairs_from_multirange(fields["watched_intervals"])
    fields.update(user_id=outcome["user_id"], video_id=outcome["video_id"])
    # from_db: the fast way Django builds a loaded row (every concrete field, in order).
    record = ViewingRecord.from_db(connection.alias, None, [fields[f.attname] for f in _CONCRETE])
    return record, bool(outcome["added"]), bool(outcome["completed_now"])


_CONCRETE = ViewingRecord._meta.concrete_fields


def _record_in_python(*, user, video, reported, position) -> tuple[ViewingRecord, bool, bool]:
    """Engines without multiranges: read the row, merge in Python, write it if unchanged."""
    for _attempt in range(MAX_ATTEMPTS):
        record = _read_record(user=user, video=video)
        now = timezone.now()
        added, completed_now = _apply_report(record, reported=reported, position=position, now=now, video=video)
        if _write_record(record, now=now):
            return record, added, completed_now
    raise ReportConflict("Your progress changed in another tab at the same time; it will be sent again.")


def _announce(record, *, user, video, added: bool, completed_now: bool) -> None:
    if added:
        # Outside a transaction this runs at once: the write has already committed.
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


def _apply_report(record: ViewingRecord, *, reported, position, now, video) -> tuple[bool, bool]:
    """Merge the report into `record` in memory: the budget (progress/budget.py), unique
    seconds, coverage and edge-triggered completion. Returns (seconds added, completed now)."""
    duration = float(video.duration)
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
    return added, completed_now

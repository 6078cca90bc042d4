"""The heartbeat's one statement on PostgreSQL (issue #17), built once per process.

A report is a single `WITH … UPDATE … INSERT … SELECT` in autocommit (synchronous commit, as
every write): no BEGIN, no read before the write, no COMMIT round trip. Its parts:

- `v`, the viewer: on the token path the whole token check (active user, live session, the
  binding of heartbeat_tokens, a READY or PLAYABLE video a live clip page shows), with the
  video's duration, the strictest page threshold and the registered flags
  (selectors.heartbeat_viewer_flag_register); on the session path the already checked user and
  video. No row: the token was refused and nothing is written.
- `o`, the stored record, locked (`FOR UPDATE`): a second tab's report waits here and then
  reads what the first one wrote, so two tabs never double count. No record yet: NULLs.
- `c`, the report applied to it: the same rules as services._apply_report, in the same order
  (the credit window of budget.py, reported − stored, the earliest seconds the window allows,
  the merge `stored + accepted` of the nummultirange, coverage = seconds / duration capped at 1,
  completion edge-triggered at max(LOWEST_THRESHOLD, threshold)).
- `u` writes it over the locked row, or `i` inserts the first one (`ON CONFLICT DO NOTHING`:
  another tab's first report won the race, and the caller runs the statement again).

The final row tells the caller what happened: the viewer (for the response and the signal),
whether the report fitted the video, whether it added seconds or completed the video (the old
values are only in `o`: PostgreSQL 15 cannot RETURN them), and the written record.
"""

import re

import psycopg
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from wagtail.models import Page

from pdsite.courses.models import PDVideoPage
from pdsite.videos.models import Video

from .models import ViewingRecord

# What the statement returns about the written record, in this order (ViewingRecord fields).
RECORD_FIELDS = (
    "id",
    "watched_intervals",
    "watched_seconds",
    "coverage",
    "last_position",
    "completed_at",
    "first_report_at",
    "last_report_at",
    "credit_window_started_at",
    "credit_window_seconds",
    "revision",
)
# What the statement says about the report, before the flags and the record.
OUTCOME_COLUMNS = ("user_id", "video_id", "status", "duration", "page_threshold", "fits", "added", "completed_now")
PLAYABLE = [Video.Status.READY.value, Video.Status.PLAYABLE.value]
_BUILT: dict[str, str] = {}


def _threshold_sql(q, video_pk: str) -> str:
    page = PDVideoPage._meta
    threshold, video_fk = q(page.get_field("completion_threshold").column), q(page.get_field("video").column)
    return (
        f"(SELECT MIN(p.{threshold}) FROM {q(page.db_table)} p WHERE p.{video_fk} = {video_pk} "
        f"AND p.{threshold} IS NOT NULL)"
    )


def _token_viewer_sql(q, flags) -> str:
    """The token check and what the report needs about the user and the video, one row or none."""
    user, video, session, page, base = get_user_model()._meta, Video._meta, Session._meta, PDVideoPage._meta, Page._meta
    user_pk, video_pk = f"u.{q(user.pk.column)}", f"vid.{q(video.pk.column)}"
    video_fk = q(page.get_field("video").column)
    flag_columns = "".join(f", {sql} AS flag_{n}" for n, sql in enumerate(flags))
    return (
        f"SELECT {user_pk} AS user_id, {video_pk} AS video_id, vid.{q('status')} AS status, "
        f"vid.{q('duration')}::float8 AS duration, {_threshold_sql(q, video_pk)} AS page_threshold{flag_columns} "
        f"FROM {q(user.db_table)} u JOIN {q(video.db_table)} vid ON {video_pk} = %(video)s "
        f"WHERE {user_pk} = %(user)s AND u.{q(user.get_field('is_active').column)} "
        f"AND vid.{q('status')} = ANY(%(playable)s) AND vid.{q('duration')} > 0 "
        f"AND EXISTS(SELECT 1 FROM {q(session.db_table)} s WHERE s.{q('session_key')} = %(session)s "
        f"AND s.{q('expire_date')} > %(now)s) "
        # heartbeat_tokens._binding, computed here: a password change or another session fails it.
        f"AND left(encode(sha256(convert_to(%(session)s || ':' || u.{q(user.get_field('password').column)}, 'UTF8')), "
        f"'hex'), %(binding_length)s) = %(binding)s "
        f"AND EXISTS(SELECT 1 FROM {q(page.db_table)} p JOIN {q(base.db_table)} w ON w.{q(base.pk.column)} = "
        f"p.{q(page.pk.column)} WHERE p.{video_fk} = {video_pk} AND w.{q(base.get_field('live').column)})"
    )


def _session_viewer_sql(q) -> str:
    """The session path has checked the user and the video already: just the threshold."""
    return (
        "SELECT %(user)s::bigint AS user_id, %(video)s::bigint AS video_id, %(status)s::text AS status, "
        f"%(duration)s::float8 AS duration, {_threshold_sql(q, '%(video)s')} AS page_threshold"
    )


def _report_sql(viewer: str, flags: int) -> str:
    q = connection.ops.quote_name
    r = ViewingRecord._meta
    table = q(r.db_table)

    def col(name: str) -> str:
        return q(r.get_field(name).column)

    returned = ", ".join(f"x.{col(name)}" for name in RECORD_FIELDS)
    inserted = [
        "user", "video", "watched_intervals", "watched_seconds", "coverage", "last_position", "completed_at",
        "first_report_at", "last_report_at", "credit_window_started_at", "credit_window_seconds", "revision",
    ]
    return f"""
WITH v AS ({viewer}),
o AS (
  SELECT v.*, x.{col("id")} AS record_id, COALESCE(x.{col("watched_intervals")}, '{{}}') AS stored,
         x.{col("watched_seconds")} AS old_seconds, x.{col("coverage")} AS old_coverage,
         x.{col("last_position")} AS old_position, x.{col("completed_at")} AS old_completed_at,
         x.{col("last_report_at")} AS old_report_at, x.{col("credit_window_started_at")} AS old_window_started_at,
         x.{col("credit_window_seconds")} AS old_window_seconds
  FROM v LEFT JOIN LATERAL (
    SELECT * FROM {table} x WHERE x.{col("user")} = v.user_id AND x.{col("video")} = v.video_id FOR UPDATE
  ) x ON true
),
c AS (
  SELECT o.*, f.fits, w.started, w.credited, a.accepted, a.accepted_seconds, m.added, m.merged, m.seconds,
         m.coverage, m.added AND o.old_completed_at IS NULL
           AND m.coverage >= GREATEST(%(lowest)s::float8, COALESCE(o.page_threshold, %(default_threshold)s::float8))
           AS completed_now
  FROM o
  CROSS JOIN LATERAL (SELECT
      COALESCE(upper(%(ranges)s::nummultirange), 0) <= o.duration + %(tolerance)s
      AND (%(position)s::float8 IS NULL OR %(position)s::float8 <= o.duration + %(tolerance)s) AS fits,
      o.old_window_started_at IS NULL OR o.old_report_at IS NULL
      OR %(now)s - o.old_report_at > make_interval(secs => %(idle)s)
      OR %(now)s - o.old_window_started_at > make_interval(secs => %(max_window)s) AS fresh) f
  CROSS JOIN LATERAL (SELECT
      CASE WHEN f.fresh THEN %(now)s ELSE o.old_window_started_at END AS started,
      CASE WHEN f.fresh THEN 0 ELSE o.old_window_seconds END AS credited) w
  CROSS JOIN LATERAL (SELECT
      GREATEST(GREATEST(EXTRACT(EPOCH FROM %(now)s - w.started)::float8, 0) * %(rate)s + %(slack)s - w.credited, 0)::numeric
        AS allowed,
      %(ranges)s::nummultirange * nummultirange(numrange(0, o.duration::numeric)) - o.stored AS new) n
  CROSS JOIN LATERAL (
    SELECT COALESCE(range_agg(numrange(lower(p.r), LEAST(upper(p.r), lower(p.r) + n.allowed - p.before))), '{{}}')
             AS accepted,
           COALESCE(SUM(LEAST(upper(p.r) - lower(p.r), n.allowed - p.before)), 0)::float8 AS accepted_seconds
    FROM (SELECT r, SUM(upper(r) - lower(r)) OVER (ORDER BY lower(r)) - (upper(r) - lower(r)) AS before
          FROM unnest(n.new) r) p
    WHERE p.before < n.allowed) a
  CROSS JOIN LATERAL (SELECT a.accepted <> '{{}}' AS added, o.stored + a.accepted AS merged) m0
  CROSS JOIN LATERAL (SELECT m0.added, m0.merged, s.seconds,
      CASE WHEN m0.added THEN LEAST(s.seconds / o.duration, 1) ELSE COALESCE(o.old_coverage, 0) END AS coverage
    FROM (SELECT CASE WHEN m0.added THEN (SELECT COALESCE(SUM(upper(r) - lower(r)), 0) FROM unnest(m0.merged) r)::float8
                 ELSE COALESCE(o.old_seconds, 0) END AS seconds) s) m
),
u AS (
  UPDATE {table} x SET
    {col("watched_intervals")} = c.merged, {col("watched_seconds")} = c.seconds, {col("coverage")} = c.coverage,
    {col("last_position")} = CASE WHEN %(position)s::float8 IS NULL THEN c.old_position
                                  ELSE LEAST(%(position)s::float8, c.duration) END,
    {col("last_report_at")} = %(now)s,
    {col("completed_at")} = CASE WHEN c.completed_now THEN %(now)s ELSE c.old_completed_at END,
    {col("credit_window_started_at")} = c.started, {col("credit_window_seconds")} = c.credited + c.accepted_seconds,
    {col("revision")} = x.{col("revision")} + 1
  FROM c WHERE x.{col("id")} = c.record_id AND c.fits
  RETURNING {returned}
),
i AS (
  INSERT INTO {table} AS x ({", ".join(col(name) for name in inserted)})
  SELECT c.user_id, c.video_id, c.merged, c.seconds, c.coverage,
         CASE WHEN %(position)s::float8 IS NULL THEN 0 ELSE LEAST(%(position)s::float8, c.duration) END,
         CASE WHEN c.completed_now THEN %(now)s END, %(now)s, %(now)s, c.started, c.credited + c.accepted_seconds, 1
  FROM c WHERE c.record_id IS NULL AND c.fits
  ON CONFLICT ({col("user")}, {col("video")}) DO NOTHING
  RETURNING {returned}
)
SELECT {", ".join(f"c.{name}" for name in OUTCOME_COLUMNS)}{"".join(f", c.flag_{n}" for n in range(flags))}, w.*
FROM c LEFT JOIN (SELECT * FROM u UNION ALL SELECT * FROM i) w ON true
"""


def report_sql(kind: str, flags=()) -> tuple[str, list[str]]:
    """The statement for `kind` "token" (with `flags`: SQL booleans about u / vid) or
    "session", written with PostgreSQL's own `$n` placeholders, and the names of its
    parameters in `$n` order (execute it with `execute`)."""
    key = f"{kind}:{len(flags)}"
    if key not in _BUILT:
        q = connection.ops.quote_name
        viewer = _token_viewer_sql(q, flags) if kind == "token" else _session_viewer_sql(q)
        names: list[str] = []

        def placeholder(match) -> str:
            if match[1] not in names:
                names.append(match[1])
            return f"${names.index(match[1]) + 1}"

        statement = re.sub(r"%\((\w+)\)s", placeholder, _report_sql(viewer, len(flags) if kind == "token" else 0))
        _BUILT[key] = (" ".join(statement.split()), names)
    return _BUILT[key]


class _PreparedCursor(psycopg.RawCursor):
    """Binds on the server and prepares on first use: PostgreSQL plans the statement once
    per connection (persistent connections keep it), not on every report. Planning it cost
    more than running it; the floor's one-line UPDATE has no such cost."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def execute(statement: str, names: list[str], params: dict):
    """Run a report statement; its one row (None when the token was refused). Through Django's
    cursor wrapper, so the query is counted and logged like any other."""
    connection.ensure_connection()
    raw = _PreparedCursor(connection.connection)
    cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with cursor:
        cursor.execute(statement, [params[name] for name in names])
        return cursor.fetchone()

"""Reads for progress: what a teacher has watched, the token heartbeat's one lookup, and the
retention curve of a video.

The token heartbeat's lookup is fixed SQL built once. Other apps may add one boolean about
the user to it (`heartbeat_viewer_flag_register`, from their AppConfig.ready()), so that
their `signals.viewing_progressed` receiver needs no query of its own on every report:
pathways adds "enrolled on any pathway". Progress itself knows nothing of those apps.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from pdsite.courses.models import PDVideoPage
from pdsite.videos.models import Video

from . import intervals
from .models import ViewingRecord


def watched_percent_by_video(*, user, video_ids) -> dict[int, int]:
    """{video id: percent watched} for a signed-in user; empty for anyone else. One query."""
    if not getattr(user, "is_authenticated", False):
        return {}
    records = ViewingRecord.objects.filter(user=user, video_id__in=list(video_ids)).values_list("video_id", "coverage")
    return {video_id: int(coverage * 100) for video_id, coverage in records}


def viewing_records_for_user(*, user) -> list[ViewingRecord]:
    """Every viewing record of `user`, latest report first, with its video (intervals left
    out: lists do not need them). One query."""
    return list(
        ViewingRecord.objects.filter(user=user)
        .select_related("video")
        .defer("watched_intervals")
        .order_by("-last_report_at", "-pk")
    )


def retention_curve_for_video(*, video, step: float = 1.0) -> list[int]:
    """How many teachers watched each second (or `step`) of `video`. One query."""
    if not video.duration:
        return []
    viewers = ViewingRecord.objects.filter(video=video).values_list("watched_intervals", flat=True).iterator()
    return intervals.viewers_per_second(viewers, duration=video.duration, step=step)


# --- The token heartbeat's lookup ------------------------------------------------------

# (attribute set on the user, builder of a boolean SQL expression about the user and the
# video): see heartbeat_viewer_flag_register.
_USER_FLAGS: list[tuple[str, Callable[[Callable[[str], str], str, str], str]]] = []


def heartbeat_viewer_flag_register(*, attribute: str, sql: Callable[[Callable[[str], str], str, str], str]) -> None:
    """Add a boolean about the user (and the video reported on) to the token heartbeat's
    statement; the token path sets it on the user it builds as `attribute`.
    `sql(quote_name, user_pk, video_pk)` returns the SQL expression (no parameters), where
    `user_pk` and `video_pk` are the user's and the video's primary-key columns as they appear
    in the statement. Call from AppConfig.ready(); registering twice is a no-op."""
    global _HEARTBEAT_VIEWER_SQL
    if all(name != attribute for name, _ in _USER_FLAGS):
        _USER_FLAGS.append((attribute, sql))
        _HEARTBEAT_VIEWER_SQL = None


def heartbeat_viewer_flags() -> list[tuple[str, str]]:
    """(attribute, SQL) of every registered flag, for the token report statement on PostgreSQL
    (progress.report_sql: the user is `u`, the video `vid`)."""
    global _HEARTBEAT_VIEWER_FLAGS
    if _HEARTBEAT_VIEWER_FLAGS is None or len(_HEARTBEAT_VIEWER_FLAGS) != len(_USER_FLAGS):
        q = connection.ops.quote_name
        user_pk, video_pk = q(get_user_model()._meta.pk.column), q(Video._meta.pk.column)
        _HEARTBEAT_VIEWER_FLAGS = [(attribute, sql(q, f"u.{user_pk}", f"vid.{video_pk}")) for attribute, sql in _USER_FLAGS]
    return _HEARTBEAT_VIEWER_FLAGS


_HEARTBEAT_VIEWER_FLAGS = None


def heartbeat_token_viewer(*, user_id: int, video_id: int, session_key: str):
    """One query for a token-carrying heartbeat on engines other than PostgreSQL (there the
    check is part of the report's one statement: services.progress_record_token_heartbeat):
    the active user (pk and password, for the binding), whether `session_key` is still a live session, the video's status and
    duration, the strictest completion threshold of the clip pages showing the video
    (`video.pdsite_page_threshold`, None for none), whether a live clip page shows the video,
    and every registered user flag (e.g. `user.pdsite_is_enrolled`, for the pathways receiver
    of the progress signal). Returns (user, session_alive, video or None), or None for no such
    active user. The video is None when it does not exist or no live clip page shows it, so
    the caller answers both alike.
    Only used with database-backed sessions (see heartbeat_tokens.tokens_enabled).

    "A live page shows it" is this path's whole access check (pdsite.videos.access has the full
    rule): the token was issued by a clip page the viewer could open, less than
    PDSITE_HEARTBEAT_TOKEN_MAX_AGE ago, and is bound to their session. Unpublishing the page
    stops the token at once; a view restriction added to a still-live page, or a group taken
    away, is only enforced once the token expires or the page is reloaded. That window is the
    price of keeping this path to one query (the heartbeat benchmark).

    Plain SQL on purpose: it runs on every report, and compiling the equivalent queryset
    (two subqueries and an EXISTS) cost more CPU than PostgreSQL spends answering it."""
    User = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute(_heartbeat_viewer_sql(), [session_key, timezone.now(), video_id, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, password, session_alive, status, duration, threshold, shown, *flags = row
    user = User(pk=pk, password=password)
    user._state.adding, user._state.db = False, connection.alias
    # Read by the apps' receivers instead of their own query (pathways: pdsite_is_enrolled).
    for (attribute, _), value in zip(_USER_FLAGS, flags):
        setattr(user, attribute, bool(value))
    # status is NOT NULL, so None means there is no such video.
    video = Video(pk=video_id, status=status, duration=duration) if status is not None and shown else None
    if video is not None:
        video._state.adding, video._state.db = False, connection.alias
        # Read by completion.completion_threshold_for instead of its own query.
        video.pdsite_page_threshold = threshold
    return user, bool(session_alive), video


_HEARTBEAT_VIEWER_SQL = None


def _heartbeat_viewer_sql() -> str:
    global _HEARTBEAT_VIEWER_SQL
    if _HEARTBEAT_VIEWER_SQL is None:
        q = connection.ops.quote_name
        user, video, session, page = get_user_model()._meta, Video._meta, Session._meta, PDVideoPage._meta
        base = Page._meta
        threshold = q(page.get_field("completion_threshold").column)
        video_fk = q(page.get_field("video").column)
        user_pk = f"u.{q(user.pk.column)}"
        video_pk = f"v.{q(video.pk.column)}"
        flags = "".join(f", {sql(q, user_pk, video_pk)}" for _, sql in _USER_FLAGS)
        _HEARTBEAT_VIEWER_SQL = (
            f"SELECT {user_pk}, u.{q(user.get_field('password').column)}, "
            f"EXISTS(SELECT 1 FROM {q(session.db_table)} s WHERE s.{q('session_key')} = %s AND s.{q('expire_date')} > %s), "
            f"v.{q('status')}, v.{q('duration')}, "
            f"(SELECT MIN(p.{threshold}) FROM {q(page.db_table)} p WHERE p.{video_fk} = v.{q(video.pk.column)} "
            f"AND p.{threshold} IS NOT NULL), "
            f"EXISTS(SELECT 1 FROM {q(page.db_table)} p JOIN {q(base.db_table)} w "
            f"ON w.{q(base.pk.column)} = p.{q(page.pk.column)} "
            f"WHERE p.{video_fk} = v.{q(video.pk.column)} AND w.{q(base.get_field('live').column)})"
            f"{flags} "
            f"FROM {q(user.db_table)} u LEFT JOIN {q(video.db_table)} v ON v.{q(video.pk.column)} = %s "
            f"WHERE {user_pk} = %s AND u.{q(user.get_field('is_active').column)}"
        )
    return _HEARTBEAT_VIEWER_SQL

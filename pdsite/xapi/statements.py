"""Builders of xAPI statements: pure functions of plain values (no ORM, no settings), so each is
tested as a function and against ralph's models of the xAPI Video Profile.

Video statements follow the xAPI Video Profile (https://w3id.org/xapi/video): the
`played-segments` and `progress` result extensions are computed from the server's own record
of unique watched seconds (progress.ViewingRecord.watched_intervals), never from what a
player claims; when `paused` and `seeked` are sent is jumps.py's one rule. Every statement's
id is a UUID5 of what it describes (`statement_id`), so the same fact always gets the same id
and an LRS stores it once.
"""

import datetime
import uuid
from collections.abc import Iterable

VIDEO_PROFILE = "https://w3id.org/xapi/video"
VIDEO_ACTIVITY_TYPE = "https://w3id.org/xapi/video/activity-type/video"
MODULE_ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/module"
STEP_ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/lesson"
PROFILE_ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/profile"
# A Work Group's gap task (work set between its workshops) and the Work Group itself.
TASK_ACTIVITY_TYPE = "http://id.tincanapi.com/activitytype/school-assignment"
COURSE_ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/course"

VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "played": "https://w3id.org/xapi/video/verbs/played",
    "paused": "https://w3id.org/xapi/video/verbs/paused",
    "seeked": "https://w3id.org/xapi/video/verbs/seeked",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}

EXT = "https://w3id.org/xapi/video/extensions/"
PLAYED_SEGMENTS = EXT + "played-segments"
PROGRESS = EXT + "progress"
TIME = EXT + "time"
TIME_FROM = EXT + "time-from"
TIME_TO = EXT + "time-to"
LENGTH = EXT + "length"
SESSION_ID = EXT + "session-id"
COMPLETION_THRESHOLD = EXT + "completion-threshold"

# A fixed namespace of pdsite's statement ids (uuid5 of the DNS name), so ids never depend on
# anything but what a statement says.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "xapi.pdsite")


# --- Small parts -----------------------------------------------------------------------


def actor_mbox(*, email: str) -> dict:
    """An Agent named by email (PDSITE_XAPI_ACTOR=mbox)."""
    return {"objectType": "Agent", "mbox": f"mailto:{email}"}


def actor_account(*, homepage: str, name: str) -> dict:
    """An Agent named by the school's account: homepage + username (PDSITE_XAPI_ACTOR=account)."""
    return {"objectType": "Agent", "account": {"homePage": homepage, "name": name}}


def actor_key(actor: dict) -> str:
    """The actor's inverse functional identifier as one string (for statement ids)."""
    if "mbox" in actor:
        return actor["mbox"]
    return f"{actor['account']['homePage']}|{actor['account']['name']}"


def statement_id(*parts: object) -> str:
    """A stable id: UUID5 of the parts (verb, actor, object IRI and the state described)."""
    return str(uuid.uuid5(ID_NAMESPACE, "\n".join(str(part) for part in parts)))


def played_segments(intervals: Iterable[Iterable[float]]) -> str:
    """The profile's played-segments string, "start[.]end" pairs joined by "[,]", from sorted
    unique [start, end] seconds (3 decimals, as the profile's examples)."""
    return "[,]".join(f"{_seconds(start)}[.]{_seconds(end)}" for start, end in intervals)


def progress_of(intervals: Iterable[Iterable[float]], *, duration: float) -> float:
    """Share (0–1, 3 decimals) of the video's length the intervals cover."""
    if duration <= 0:
        return 0.0
    covered = sum(float(end) - float(start) for start, end in intervals)
    return round(min(max(covered / duration, 0.0), 1.0), 3)


def _seconds(value: float) -> float:
    return round(float(value), 3)


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def video_activity(*, iri: str, title: str) -> dict:
    return {
        "objectType": "Activity",
        "id": iri,
        "definition": {"type": VIDEO_ACTIVITY_TYPE, "name": {"en-GB": title}},
    }


def _video_context(*, session_id: str, extensions: dict) -> dict:
    return {
        "contextActivities": {
            "category": [{"id": VIDEO_PROFILE, "definition": {"type": PROFILE_ACTIVITY_TYPE}}],
        },
        "extensions": {SESSION_ID: session_id, **extensions},
    }


def _statement(*, verb: str, actor: dict, obj: dict, timestamp: datetime.datetime, state: object, **parts) -> dict:
    return {
        "id": statement_id(verb, actor_key(actor), obj["id"], state),
        "actor": actor,
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": obj,
        "timestamp": _timestamp(timestamp),
        **parts,
    }


# --- Video Profile statements ----------------------------------------------------------


def video_session_id(*, actor: dict, video_iri: str) -> str:
    """The profile's session-id: one per teacher and video (the server has no player sessions)."""
    return statement_id("session", actor_key(actor), video_iri)


def video_initialized(
    *, actor: dict, video: dict, duration: float, threshold: float, timestamp: datetime.datetime
) -> dict:
    """The teacher's first watched seconds of this video: once per teacher and video."""
    session = video_session_id(actor=actor, video_iri=video["id"])
    return _statement(
        verb="initialized",
        actor=actor,
        obj=video,
        timestamp=timestamp,
        state="",
        context=_video_context(
            session_id=session, extensions={LENGTH: _seconds(duration), COMPLETION_THRESHOLD: round(threshold, 3)}
        ),
    )


def video_played(
    *, actor: dict, video: dict, intervals: list, duration: float, time: float, timestamp: datetime.datetime
) -> dict:
    """New unique seconds were recorded: the whole record so far (played-segments, progress).
    One statement per state of the record, so the same state is never sent twice."""
    segments = played_segments(intervals)
    return _statement(
        verb="played",
        actor=actor,
        obj=video,
        timestamp=timestamp,
        state=segments,
        result={
            "extensions": {
                TIME: _seconds(time),
                PLAYED_SEGMENTS: segments,
                PROGRESS: progress_of(intervals, duration=duration),
            }
        },
        context=_video_context(session_id=video_session_id(actor=actor, video_iri=video["id"]), extensions={}),
    )


def video_paused(
    *, actor: dict, video: dict, intervals: list, duration: float, time: float, timestamp: datetime.datetime
) -> dict:
    """Playback stopped at `time`: the end of the stretch that stopped growing (jumps.py), with
    the record as it stood then."""
    segments = played_segments(intervals)
    return _statement(
        verb="paused",
        actor=actor,
        obj=video,
        timestamp=timestamp,
        state=f"{_seconds(time)}|{segments}",
        result={
            "extensions": {
                TIME: _seconds(time),
                PLAYED_SEGMENTS: segments,
                PROGRESS: progress_of(intervals, duration=duration),
            }
        },
        context=_video_context(
            session_id=video_session_id(actor=actor, video_iri=video["id"]), extensions={LENGTH: _seconds(duration)}
        ),
    )


def video_seeked(
    *,
    actor: dict,
    video: dict,
    time_from: float,
    time_to: float,
    intervals: list,
    duration: float,
    timestamp: datetime.datetime,
) -> dict:
    """The teacher jumped from `time_from` to `time_to`, with the record as it stood then. The
    id is of the jump and that record (not the time it was seen): the record grows after every
    jump, so each jump has its own id and a replay the same one."""
    segments = played_segments(intervals)
    return _statement(
        verb="seeked",
        actor=actor,
        obj=video,
        timestamp=timestamp,
        state=f"{_seconds(time_from)}>{_seconds(time_to)}|{segments}",
        result={
            "extensions": {
                TIME_FROM: _seconds(time_from),
                TIME_TO: _seconds(time_to),
                PLAYED_SEGMENTS: segments,
                PROGRESS: progress_of(intervals, duration=duration),
            }
        },
        context=_video_context(session_id=video_session_id(actor=actor, video_iri=video["id"]), extensions={}),
    )


def video_completed(
    *,
    actor: dict,
    video: dict,
    intervals: list,
    duration: float,
    threshold: float,
    time: float,
    timestamp: datetime.datetime,
) -> dict:
    """Coverage reached the completion threshold: once per teacher and video."""
    return _statement(
        verb="completed",
        actor=actor,
        obj=video,
        timestamp=timestamp,
        state="",
        result={
            "completion": True,
            "extensions": {
                TIME: _seconds(time),
                PLAYED_SEGMENTS: played_segments(intervals),
                PROGRESS: progress_of(intervals, duration=duration),
            },
        },
        context=_video_context(
            session_id=video_session_id(actor=actor, video_iri=video["id"]),
            extensions={LENGTH: _seconds(duration), COMPLETION_THRESHOLD: round(threshold, 3)},
        ),
    )


# --- Completion of modules and pathway steps ---------------------------------------------


def activity(*, iri: str, activity_type: str, title: str) -> dict:
    return {"objectType": "Activity", "id": iri, "definition": {"type": activity_type, "name": {"en-GB": title}}}


def activity_completed(*, actor: dict, obj: dict, timestamp: datetime.datetime, parent: dict | None = None) -> dict:
    """A PD module or pathway step done: once per teacher and activity. `parent` (the pathway
    of a step) goes into context.contextActivities.parent."""
    parts = {"result": {"completion": True}}
    if parent is not None:
        parts["context"] = {"contextActivities": {"parent": [parent]}}
    return _statement(verb="completed", actor=actor, obj=obj, timestamp=timestamp, state="", **parts)

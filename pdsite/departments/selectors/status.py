"""The status engine: what an assignment asks for, and where each person is on it.

Owns `State`, `ItemStatus` and `Part`; `resolve_parts` (an assignment as stretches of
videos), `viewing_records` (the records of many people on many videos, one query),
`item_status` (pure: one person on one assignment), `statuses_for` (many pairs at once) and
`MyAssignment` (one item of a person's own list; `due.due_for_user` makes the list).

Status is computed on read, set-based: one query for the assignments, one for who they are
for, one for the clips inside any modules, one for the viewing records of all those people
and videos. No query runs per teacher or per item, so every report built on it has a query
count that is constant in the number of rows (asserted in the tests and the benchmark).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from pdsite.courses.models import PDVideoPage
from pdsite.progress.models import ViewingRecord

from pdsite.progress import intervals as cov
from ..models import Assignment

# --- Status of one person on one assignment ------------------------------------------


class State:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"  # complete before the due time
    LATE = "late"  # complete, after the due time
    OVERDUE = "overdue"  # past due and not complete

    LABELS = {
        NOT_STARTED: "Not started",
        IN_PROGRESS: "In progress",
        COMPLETE: "Complete before due",
        LATE: "Complete, late",
        OVERDUE: "Overdue",
    }


@dataclass(frozen=True)
class ItemStatus:
    coverage: float  # 0–1 over everything the item asks for
    watched_seconds: float
    complete: bool
    state: str

    @property
    def percent(self) -> int:
        return int(self.coverage * 100 + 1e-9)

    @property
    def label(self) -> str:
        if self.state in (State.IN_PROGRESS, State.OVERDUE):
            return f"{State.LABELS[self.state]}: {self.percent} % watched"
        return State.LABELS[self.state]

    @property
    def minutes_watched(self) -> str:
        return f"{self.watched_seconds / 60:.1f}"


@dataclass(frozen=True)
class Part:
    """One stretch of one video an assignment asks for (a module has one per clip)."""

    video_id: int
    duration: float
    start: float | None = None
    end: float | None = None
    threshold: float = 0.0


@dataclass
class Record:
    """What the status engine reads of one person's viewing record of one video."""

    coverage: float
    watched_seconds: float
    intervals: list
    completed_at: datetime | None
    last_report_at: datetime | None


def _threshold(clip) -> float:
    """The clip's own completion threshold when it has one (progress work), else the site's."""
    for obj in (clip, getattr(clip, "video", None)):
        value = getattr(obj, "completion_threshold", None)
        if value:
            return float(value)
    return settings.PDSITE_COMPLETION_THRESHOLD


def _module_clip_ids(module) -> list[int]:
    """Clip page ids in a module's body, read from the raw stream (no query per block)."""
    ids = []
    for block in module.body.raw_data:
        if block.get("type") == "clip" and block.get("value", {}).get("clip"):
            ids.append(int(block["value"]["clip"]))
    return ids


def resolve_parts(assignments: list[Assignment]) -> dict[int, list[Part]]:
    """What each assignment asks for, as video parts. At most one query (for module clips).

    `assignments` must have been loaded with select_related("clip__video", "module").
    """
    module_clip_ids = {a.pk: _module_clip_ids(a.module) for a in assignments if a.kind == Assignment.Kind.MODULE}
    wanted = {pk for ids in module_clip_ids.values() for pk in ids}
    clip_videos = {}
    if wanted:
        clip_videos = {
            pk: (video_id, duration or 0.0)
            for pk, video_id, duration in PDVideoPage.objects.filter(pk__in=wanted, video__isnull=False).values_list(
                "pk", "video_id", "video__duration"
            )
        }
    parts: dict[int, list[Part]] = {}
    for a in assignments:
        if a.kind == Assignment.Kind.MODULE:
            parts[a.pk] = [
                Part(video_id=clip_videos[pk][0], duration=clip_videos[pk][1], threshold=settings.PDSITE_COMPLETION_THRESHOLD)
                for pk in module_clip_ids[a.pk]
                if pk in clip_videos
            ]
        elif a.clip.video_id is None:
            parts[a.pk] = []
        else:
            duration = a.clip.video.duration or 0.0
            if a.kind == Assignment.Kind.CLIP_RANGE:
                parts[a.pk] = [
                    Part(a.clip.video_id, duration, a.start_seconds, min(a.end_seconds, duration or a.end_seconds), _threshold(a.clip))
                ]
            else:
                parts[a.pk] = [Part(a.clip.video_id, duration, threshold=_threshold(a.clip))]
    return parts


def viewing_records(user_ids, video_ids) -> dict[tuple[int, int], Record]:
    """The viewing record of each (user, video) pair asked about that has one. One query."""
    if not user_ids or not video_ids:
        return {}
    rows = ViewingRecord.objects.filter(user_id__in=list(user_ids), video_id__in=list(video_ids)).values_list(
        "user_id", "video_id", "coverage", "watched_seconds", "watched_intervals", "completed_at", "last_report_at"
    )
    return {(u, v): Record(c, s, i, done, last) for u, v, c, s, i, done, last in rows}


def item_status(parts: list[Part], records: dict, *, user_id: int, due_at: datetime, now: datetime) -> ItemStatus:
    """Pure: one person's status on one assignment from their viewing records."""
    total_length = seconds_in = 0.0
    complete = bool(parts)
    finished_at = None
    for part in parts:
        record = records.get((user_id, part.video_id))
        if part.start is not None:
            length = max(part.end - part.start, 0.0)
            watched = cov.range_seconds(record.intervals, start=part.start, end=part.end) if record else 0.0
            part_coverage = watched / length if length else 0.0
            done_at = record.last_report_at if record else None
        else:
            length = part.duration
            watched = record.watched_seconds if record else 0.0
            part_coverage = record.coverage if record else 0.0
            done_at = (record.completed_at or record.last_report_at) if record else None
        done = record is not None and part_coverage + 1e-9 >= part.threshold
        complete = complete and done
        if done and done_at and (finished_at is None or done_at > finished_at):
            finished_at = done_at
        total_length += length
        seconds_in += min(watched, length)
    coverage = min(seconds_in / total_length, 1.0) if total_length else 0.0
    if complete:
        state = State.LATE if finished_at and finished_at > due_at else State.COMPLETE
    elif now > due_at:
        state = State.OVERDUE
    elif seconds_in > 0:
        state = State.IN_PROGRESS
    else:
        state = State.NOT_STARTED
    return ItemStatus(coverage=coverage, watched_seconds=seconds_in, complete=complete, state=state)


def load_assignments(queryset) -> list[Assignment]:
    """The assignments of `queryset`, soonest due first, loaded as `resolve_parts` needs them."""
    return list(queryset.select_related("clip__video", "module").order_by("due_at", "pk"))


def statuses_for(assignments: list[Assignment], user_ids, *, now=None) -> dict[tuple[int, int], ItemStatus]:
    """Status for every (assignment, user) pair given. Two queries at most."""
    now = now or timezone.now()
    parts = resolve_parts(assignments)
    video_ids = {p.video_id for ps in parts.values() for p in ps}
    records = viewing_records(set(user_ids), video_ids)
    return {
        (a.pk, uid): item_status(parts[a.pk], records, user_id=uid, due_at=a.due_at, now=now)
        for a in assignments
        for uid in user_ids
    }


# --- One item of a person's own list (due.due_for_user) ---------------------------------


@dataclass
class MyAssignment:
    assignment: Assignment
    status: ItemStatus

    @property
    def overdue(self) -> bool:
        return self.status.state == State.OVERDUE

    @property
    def url(self) -> str | None:
        target = self.assignment.module if self.assignment.kind == Assignment.Kind.MODULE else self.assignment.clip
        url = target.url if target is not None else None
        if url and self.assignment.kind == Assignment.Kind.CLIP_RANGE:
            url += f"?t={int(self.assignment.start_seconds)}"
        return url

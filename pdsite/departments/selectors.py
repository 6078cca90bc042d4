"""Reads for departments: assignment status from viewing records, grids, rosters, reports.

Status is computed on read, set-based: one query for the assignments, one for who they are
for, one for the clips inside any modules, one for the viewing records of all those people
and videos. No query runs per teacher or per item, so every report's query count is
constant in the number of rows (asserted in the tests and the benchmark).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from pdsite.courses.models import PDVideoPage
from pdsite.progress import intervals as cov
from pdsite.progress.models import ViewingRecord

from .models import Assignment, AssignmentRecipient, Membership, Notification, ReminderPreference, WorkshopAttendee

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
class _Record:
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


def _records(user_ids, video_ids) -> dict[tuple[int, int], _Record]:
    if not user_ids or not video_ids:
        return {}
    rows = ViewingRecord.objects.filter(user_id__in=list(user_ids), video_id__in=list(video_ids)).values_list(
        "user_id", "video_id", "coverage", "watched_seconds", "watched_intervals", "completed_at", "last_report_at"
    )
    return {(u, v): _Record(c, s, i, done, last) for u, v, c, s, i, done, last in rows}


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


def _load_assignments(queryset) -> list[Assignment]:
    return list(queryset.select_related("clip__video", "module").order_by("due_at", "pk"))


def statuses_for(assignments: list[Assignment], user_ids, *, now=None) -> dict[tuple[int, int], ItemStatus]:
    """Status for every (assignment, user) pair given. Two queries at most."""
    now = now or timezone.now()
    parts = resolve_parts(assignments)
    video_ids = {p.video_id for ps in parts.values() for p in ps}
    records = _records(set(user_ids), video_ids)
    return {
        (a.pk, uid): item_status(parts[a.pk], records, user_id=uid, due_at=a.due_at, now=now)
        for a in assignments
        for uid in user_ids
    }


# --- A teacher's own assignments ("assigned and due" on My learning) -------------------


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


def assignments_for_user(*, user, now=None, include_complete: bool = True) -> list[MyAssignment]:
    """The user's assignments, soonest due first. Three queries at most (plus page URLs' site)."""
    now = now or timezone.now()
    assignments = _load_assignments(Assignment.objects.filter(recipient_rows__user=user))
    statuses = statuses_for(assignments, [user.pk], now=now)
    items = [MyAssignment(a, statuses[(a.pk, user.pk)]) for a in assignments]
    if not include_complete:
        items = [item for item in items if not item.status.complete]
    return items


# --- Department grid: members × assignments -------------------------------------------


@dataclass
class GridRow:
    user: object
    role: str
    cells: list[ItemStatus | None]


@dataclass
class Grid:
    items: list[Assignment]
    rows: list[GridRow]


def department_grid(*, department, now=None) -> Grid:
    """Every member × every assignment of the department: coverage, due status, time watched.

    Four queries (five when a module is assigned), whatever the number of members or items.
    """
    now = now or timezone.now()
    members = list(Membership.objects.filter(department=department).select_related("user"))
    assignments = _load_assignments(Assignment.objects.filter(department=department))
    pairs = set(_recipient_pairs(assignments))
    user_ids = [m.user_id for m in members]
    statuses = statuses_for(assignments, user_ids, now=now)
    rows = [
        GridRow(
            user=m.user,
            role=m.get_role_display(),
            cells=[statuses[(a.pk, m.user_id)] if (a.pk, m.user_id) in pairs else None for a in assignments],
        )
        for m in members
    ]
    return Grid(items=assignments, rows=rows)


def _recipient_pairs(assignments):
    if not assignments:
        return []
    return AssignmentRecipient.objects.filter(assignment__in=[a.pk for a in assignments]).values_list(
        "assignment_id", "user_id"
    )


# --- Workshop readiness roster ----------------------------------------------------------


@dataclass
class RosterRow:
    user: object
    cells: list[ItemStatus]
    attended: bool | None
    followed_up: bool

    @property
    def ready(self) -> bool:
        return bool(self.cells) and all(cell.complete for cell in self.cells)

    @property
    def percent(self) -> int:
        return int(sum(c.coverage for c in self.cells) / len(self.cells) * 100 + 1e-9) if self.cells else 0

    @property
    def state(self) -> str:
        if not self.cells:
            return State.NOT_STARTED
        states = {c.state for c in self.cells}
        if states <= {State.COMPLETE}:
            return State.COMPLETE
        if states <= {State.COMPLETE, State.LATE}:
            return State.LATE
        if State.OVERDUE in states:
            return State.OVERDUE
        return State.IN_PROGRESS if any(c.watched_seconds for c in self.cells) else State.NOT_STARTED

    @property
    def label(self) -> str:
        if self.state in (State.IN_PROGRESS, State.OVERDUE):
            return f"{State.LABELS[self.state]}: {self.percent} % watched"
        return State.LABELS[self.state]


@dataclass
class Roster:
    workshop: object
    items: list[Assignment]
    rows: list[RosterRow]
    held: bool = False

    @property
    def ready_count(self) -> int:
        return sum(1 for row in self.rows if row.ready)

    @property
    def attended_count(self) -> int:
        return sum(1 for row in self.rows if row.attended)

    @property
    def followed_up_count(self) -> int:
        return sum(1 for row in self.rows if row.attended and row.followed_up)

    @property
    def readiness(self) -> str:
        return f"{self.ready_count} of {len(self.rows)} ready"

    @property
    def attendance_rate(self) -> int:
        return round(self.attended_count * 100 / len(self.rows)) if self.rows else 0

    @property
    def follow_up_rate(self) -> int:
        return round(self.followed_up_count * 100 / self.attended_count) if self.attended_count else 0


def workshop_roster(*, workshop, now=None) -> Roster:
    """Live readiness of each invited person. Three queries (four with a module)."""
    now = now or timezone.now()
    attendees = list(WorkshopAttendee.objects.filter(workshop=workshop).select_related("user").order_by(
        "user__last_name", "user__first_name", "user__username"
    ))
    assignments = _load_assignments(Assignment.objects.filter(workshop=workshop))
    statuses = statuses_for(assignments, [row.user_id for row in attendees], now=now)
    rows = [
        RosterRow(
            user=row.user,
            cells=[statuses[(a.pk, row.user_id)] for a in assignments],
            attended=row.attended,
            followed_up=row.follow_up_at is not None,
        )
        for row in attendees
    ]
    return Roster(workshop=workshop, items=assignments, rows=rows, held=now >= workshop.starts_at)


# --- School uptake by Big Idea, Essence principle and unit, over a term ----------------


@dataclass(frozen=True)
class TermWindow:
    """An English school term: Autumn 1 Sep–31 Dec, Spring 1 Jan–30 Apr, Summer 1 May–31 Aug."""

    year: int  # the calendar year the term falls in
    term: str

    STARTS = {"spring": (1, 1), "summer": (5, 1), "autumn": (9, 1)}

    @classmethod
    def containing(cls, day: date) -> "TermWindow":
        term = "autumn" if day.month >= 9 else "summer" if day.month >= 5 else "spring"
        return cls(day.year, term)

    @classmethod
    def parse(cls, text: str | None, *, today: date) -> "TermWindow":
        """'2026-autumn' → the window; anything else → the term containing today."""
        try:
            year, term = (text or "").split("-", 1)
            if term in cls.STARTS and 2000 <= int(year) <= 2100:
                return cls(int(year), term)
        except ValueError:
            pass
        return cls.containing(today)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.term}"

    @property
    def label(self) -> str:
        return f"{self.term.title()} {self.year}"

    @property
    def start(self) -> datetime:
        month, day = self.STARTS[self.term]
        return timezone.make_aware(datetime(self.year, month, day))

    @property
    def end(self) -> datetime:
        if self.term == "autumn":
            return timezone.make_aware(datetime(self.year + 1, 1, 1))
        month = 5 if self.term == "spring" else 9
        return timezone.make_aware(datetime(self.year, month, 1))

    def recent(self, count: int = 6) -> list["TermWindow"]:
        order = ["spring", "summer", "autumn"]
        year, index, out = self.year, order.index(self.term), []
        for _ in range(count):
            out.append(TermWindow(year, order[index]))
            index -= 1
            if index < 0:
                index, year = 2, year - 1
        return out


@dataclass(frozen=True)
class UptakeRow:
    dimension: str  # "Big Idea", "Essence principle", "Unit"
    name: str
    teachers: int
    of_teachers: int
    hours: float
    completions: int

    @property
    def percent_teachers(self) -> int:
        return round(self.teachers * 100 / self.of_teachers) if self.of_teachers else 0


UPTAKE_DIMENSIONS = [
    # label, path from ViewingRecord to the name, ordering key
    ("Big Idea", "video__pages__big_ideas__name", "video__pages__big_ideas__order"),
    ("Essence principle", "video__pages__principles__title", "video__pages__principles__order"),
    ("Unit", "video__pages__units__title", "video__pages__units__block__year__number"),
]


def school_uptake(*, school, term: TermWindow) -> list[UptakeRow]:
    """Per Big Idea, principle and unit: how many of the school's teachers watched in the term,
    hours watched, completions. Aggregated in the database; four queries."""
    teachers = Membership.objects.filter(department__school=school).values("user_id")
    of_teachers = Membership.objects.filter(department__school=school).values("user_id").distinct().count()
    watched = ViewingRecord.objects.filter(
        user_id__in=teachers, last_report_at__gte=term.start, last_report_at__lt=term.end
    )
    rows = []
    for label, path, order in UPTAKE_DIMENSIONS:
        grouped = (
            watched.filter(**{f"{path}__isnull": False})
            .values(name=F(path), position=F(order))
            .annotate(
                teachers=Count("user_id", distinct=True),
                seconds=Sum("watched_seconds"),
                completions=Count("pk", filter=Q(completed_at__isnull=False), distinct=True),
            )
            .order_by("position", "name")
        )
        rows += [
            UptakeRow(label, g["name"], g["teachers"], of_teachers, round((g["seconds"] or 0) / 3600, 2), g["completions"])
            for g in grouped
        ]
    return rows


# --- Retention curve -------------------------------------------------------------------


@dataclass
class Retention:
    video: object
    viewers: int
    curve: list[int] = field(default_factory=list)

    def percent_at(self, second: int) -> int:
        return round(self.curve[second] * 100 / self.viewers) if self.viewers else 0


def video_retention(*, video, teachers) -> Retention:
    """Viewers per second of `video` among `teachers` (a queryset). One query."""
    intervals = list(
        ViewingRecord.objects.filter(video=video, user__in=teachers).values_list("watched_intervals", flat=True)
    )
    curve = cov.viewers_per_second(intervals, duration=video.duration or 0)
    return Retention(video=video, viewers=len(intervals), curve=curve)


# --- Reminders and notifications -------------------------------------------------------


@dataclass(frozen=True)
class ReminderDue:
    assignment: Assignment
    user_id: int
    kind: str  # SentReminder.Kind
    status: ItemStatus


def reminders_due(*, now=None) -> list[ReminderDue]:
    """Incomplete (assignment, person) pairs due within the lead time or overdue (for two
    weeks after the due time), for people who have not muted reminders. Four queries."""
    from .models import SentReminder

    now = now or timezone.now()
    lead = timedelta(hours=settings.PDSITE_REMINDER_LEAD_HOURS)
    assignments = _load_assignments(
        Assignment.objects.filter(due_at__lte=now + lead, due_at__gte=now - timedelta(days=14))
    )
    if not assignments:
        return []
    muted = ReminderPreference.objects.filter(muted=True).values("user_id")
    pairs = list(
        AssignmentRecipient.objects.filter(assignment__in=[a.pk for a in assignments])
        .exclude(user_id__in=muted)
        .values_list("assignment_id", "user_id")
    )
    by_id = {a.pk: a for a in assignments}
    parts = resolve_parts(assignments)
    records = _records({u for _, u in pairs}, {p.video_id for ps in parts.values() for p in ps})
    due = []
    for assignment_id, user_id in pairs:
        a = by_id[assignment_id]
        status = item_status(parts[a.pk], records, user_id=user_id, due_at=a.due_at, now=now)
        if status.complete:
            continue
        kind = SentReminder.Kind.OVERDUE if now > a.due_at else SentReminder.Kind.DUE_SOON
        due.append(ReminderDue(a, user_id, kind, status))
    return due


def follow_ups_due(*, now=None) -> list[WorkshopAttendee]:
    """Invited people (not marked absent) asked for their follow-up reflection: the workshop's
    follow-up time has come (within two weeks), they have not written it or been asked. One query."""
    now = now or timezone.now()
    muted = ReminderPreference.objects.filter(muted=True).values("user_id")
    return list(
        WorkshopAttendee.objects.filter(
            workshop__follow_up_at__lte=now,
            workshop__follow_up_at__gte=now - timedelta(days=14),
            follow_up_at__isnull=True,
            follow_up_prompted_at__isnull=True,
        )
        .exclude(attended=False)
        .exclude(user_id__in=muted)
        .select_related("workshop__department")
    )


def notifications_for(*, user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])


def reminders_muted(*, user) -> bool:
    return ReminderPreference.objects.filter(user=user, muted=True).exists()


def members_of(*, department) -> list[Membership]:
    return list(Membership.objects.filter(department=department).select_related("user"))


def workshops_for_user(*, user) -> list:
    from .models import Workshop

    return list(Workshop.objects.filter(attendee_rows__user=user).select_related("department").order_by("starts_at"))


def group_rows(rows: list[UptakeRow]) -> dict[str, list[UptakeRow]]:
    grouped: dict[str, list[UptakeRow]] = defaultdict(list)
    for row in rows:
        grouped[row.dimension].append(row)
    return dict(grouped)

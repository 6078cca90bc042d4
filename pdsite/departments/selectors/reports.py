"""Department reports: the members × assignments grid, a workshop's readiness roster,
a school's uptake over a term (`TermWindow`; the statement is in `uptake`) and a video's
retention curve.

Every report is built on the status engine (`status.statuses_for`) or aggregated in the
database, with a query count that does not grow with the number of rows.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from pdsite.progress.models import ViewingRecord

from pdsite.progress import intervals as cov
from ..models import Assignment, AssignmentRecipient, Membership, WorkshopAttendee
from .due import department_due
from .status import ItemStatus, State, load_assignments, statuses_for
from .uptake import UPTAKE_DIMENSIONS, UptakeRow, group_rows, school_uptake  # noqa: F401 (the reports' API)

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
    assignments = department_due(department=department)
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
    assignments = load_assignments(Assignment.objects.filter(workshop=workshop))
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


# --- The term a school's uptake is read over (uptake.school_uptake) ------------------


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

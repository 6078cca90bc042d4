"""What is due for whom: the one definition every page that lists work reads (issue #19).

- `department_due`: everything a department has been asked to watch: the assignments it set
  and its workshops' pre-viewing (an assignment with `workshop` set), soonest due first. The
  Assignments page and the department grid list exactly these.
- `due_for_user`: one person's own list: what they have been asked to watch (pre-viewing
  included) with their status on it, and the workshops they attend or facilitate. The
  departments index, My learning (home.selectors) and the workshop page read it.

So a workshop's facilitator sees the workshop they lead wherever their workshops are listed,
and the pre-viewing the grid shows is on the Assignments page too.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from ..models import Assignment, Workshop
from .status import MyAssignment, load_assignments, statuses_for


def department_due(*, department) -> list[Assignment]:
    """The department's assignments and its workshops' pre-viewing, soonest due first, with
    their team and workshop. One query."""
    return load_assignments(Assignment.objects.filter(department=department).select_related("team", "workshop"))


@dataclass(frozen=True)
class MyWorkshop:
    """A workshop on someone's list, and whether they lead it or are invited to it."""

    workshop: Workshop
    facilitating: bool

    @property
    def role(self) -> str:
        return "You facilitate" if self.facilitating else "You are invited"

    def is_upcoming(self, now) -> bool:
        return self.workshop.starts_at + timedelta(minutes=self.workshop.duration_minutes) >= now


@dataclass
class Due:
    """One person's work: `assignments` (soonest due first) and `workshops` (soonest first)."""

    assignments: list[MyAssignment]
    workshops: list[MyWorkshop]
    now: object

    @property
    def to_watch(self) -> list[MyAssignment]:
        """The assignments not complete yet (what "Assigned and due" lists)."""
        return [item for item in self.assignments if not item.status.complete]

    @property
    def upcoming_workshops(self) -> list[MyWorkshop]:
        """The workshops that have not finished yet."""
        return [w for w in self.workshops if w.is_upcoming(self.now)]


def _workshops(user) -> list[MyWorkshop]:
    rows = (
        Workshop.objects.filter(Q(attendee_rows__user=user) | Q(facilitator=user))
        .select_related("department")
        .distinct()
        .order_by("starts_at", "pk")
    )
    return [MyWorkshop(workshop=w, facilitating=w.facilitator_id == user.pk) for w in rows]


def due_for_user(*, user, now=None) -> Due:
    """What `user` has been asked to watch and the workshops they attend or facilitate.
    Four queries at most (assignments, module clips, viewing records, workshops); nothing
    for an anonymous visitor."""
    now = now or timezone.now()
    if not user.is_authenticated:
        return Due(assignments=[], workshops=[], now=now)
    assignments = load_assignments(Assignment.objects.filter(recipient_rows__user=user).select_related("workshop"))
    statuses = statuses_for(assignments, [user.pk], now=now)
    return Due(
        assignments=[MyAssignment(a, statuses[(a.pk, user.pk)]) for a in assignments],
        workshops=_workshops(user),
        now=now,
    )

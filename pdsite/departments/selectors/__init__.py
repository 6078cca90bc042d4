"""Reads for departments, by what they answer:

- `status`: the status engine (what an assignment asks for; each person's status on it;
  a teacher's own assignments);
- `reports`: the department grid, workshop roster, school uptake and retention curve;
- `reminders`: reminders and follow-ups due, notifications, the mute setting;
- `members`, `workshops`: who is in a department; which workshops a person is invited to.

The public names are re-exported here so `selectors.department_grid(...)` keeps working for
callers outside the app; code inside the app imports from the submodule.
"""

from .members import members_of
from .reminders import ReminderDue, follow_ups_due, notifications_for, reminders_due, reminders_muted
from .reports import (
    UPTAKE_DIMENSIONS,
    Grid,
    GridRow,
    Retention,
    Roster,
    RosterRow,
    TermWindow,
    UptakeRow,
    department_grid,
    group_rows,
    school_uptake,
    video_retention,
    workshop_roster,
)
from .status import (
    ItemStatus,
    MyAssignment,
    Part,
    Record,
    State,
    assignments_for_user,
    item_status,
    load_assignments,
    resolve_parts,
    statuses_for,
    viewing_records,
)
from .workshops import workshops_for_user

__all__ = [
    "UPTAKE_DIMENSIONS",
    "Grid",
    "GridRow",
    "ItemStatus",
    "MyAssignment",
    "Part",
    "Record",
    "ReminderDue",
    "Retention",
    "Roster",
    "RosterRow",
    "State",
    "TermWindow",
    "UptakeRow",
    "assignments_for_user",
    "department_grid",
    "follow_ups_due",
    "group_rows",
    "item_status",
    "load_assignments",
    "members_of",
    "notifications_for",
    "reminders_due",
    "reminders_muted",
    "resolve_parts",
    "school_uptake",
    "statuses_for",
    "video_retention",
    "viewing_records",
    "workshop_roster",
    "workshops_for_user",
]

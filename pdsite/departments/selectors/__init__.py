"""Reads for departments, by what they answer:

- `status`: the status engine (what an assignment asks for; each person's status on it;
  one item of a person's own list);
- `reports`: the department grid, workshop roster, school uptake (`uptake`) and retention curve;
- `reminders`: reminders and follow-ups due, notifications, the mute setting;
- `due`: what is due for whom, the one definition (a department's assignments and pre-viewing;
  a person's own assignments and the workshops they attend or facilitate);
- `members`: who is in a department.

The public names are re-exported here so `selectors.department_grid(...)` keeps working for
callers outside the app; code inside the app imports from the submodule.
"""

from .due import Due, MyWorkshop, department_due, due_for_user
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
    item_status,
    load_assignments,
    resolve_parts,
    statuses_for,
    viewing_records,
)

__all__ = [
    "UPTAKE_DIMENSIONS",
    "Due",
    "Grid",
    "GridRow",
    "ItemStatus",
    "MyAssignment",
    "MyWorkshop",
    "Part",
    "Record",
    "ReminderDue",
    "Retention",
    "Roster",
    "RosterRow",
    "State",
    "TermWindow",
    "UptakeRow",
    "department_due",
    "department_grid",
    "due_for_user",
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
]

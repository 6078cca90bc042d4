"""Writes for departments, by sub-domain:

- `members`: members (one at a time or imported from CSV) and teams;
- `assignments`: what to watch (`Target`) and assigning it by a due time;
- `workshops`: workshops with their invitations and pre-viewing, attendance, follow-ups;
- `reminders`: the mute setting and the reminder digests.

Every function is keyword-only and atomic. Permission checks are the caller's job (views use
permissions.py); services enforce data rules (members of the department only, valid ranges).
The public names are re-exported here for callers outside the app; code inside the app
imports from the submodule.
"""

from .assignments import Target, assignment_create, audience_members
from .members import (
    IMPORT_COLUMNS,
    ROLE_BY_TEXT,
    ImportRejected,
    ImportResult,
    members_import_csv,
    membership_remove,
    membership_set,
    require_members,
    team_create,
)
from .reminders import reminder_mute_set, reminders_send
from .workshops import WorkshopData, attendance_record, follow_up_record, workshop_create, workshop_update

__all__ = [
    "IMPORT_COLUMNS",
    "ROLE_BY_TEXT",
    "ImportRejected",
    "ImportResult",
    "Target",
    "WorkshopData",
    "assignment_create",
    "attendance_record",
    "audience_members",
    "follow_up_record",
    "members_import_csv",
    "membership_remove",
    "membership_set",
    "reminder_mute_set",
    "reminders_send",
    "require_members",
    "team_create",
    "workshop_create",
    "workshop_update",
]

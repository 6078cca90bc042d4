"""Writes for departments, by sub-domain:

- `members`: members (one at a time or imported from CSV), the rules on roles, and teams;
- `invitations`: inviting an email address to a department, and accepting the invitation;
- `assignments`: what to watch (`Target`) and assigning it by a due time;
- `workshops`: workshops with their invitations and pre-viewing, attendance, follow-ups;
- `reminders`: the mute setting and the reminder digests.

Every function is keyword-only and atomic. Permission checks are the caller's job (views use
permissions.py); services enforce data rules (members of the department only, valid ranges)
and the rules on who grants which role (members, invitations).
The public names are re-exported here for callers outside the app; code inside the app
imports from the submodule.
"""

from .assignments import Target, assignment_create, audience_members
from .invitations import (
    InvitationNotValid,
    invitation_accept,
    invitation_accept_new_account,
    invitation_create,
    invitations_send,
)
from .members import (
    IMPORT_COLUMNS,
    ROLE_BY_TEXT,
    Added,
    ImportRejected,
    ImportResult,
    members_import_csv,
    membership_add,
    membership_remove,
    membership_set,
    require_members,
    school_people,
    team_create,
)
from .reminders import reminder_mute_set, reminders_send
from .workshops import WorkshopData, attendance_record, follow_up_record, workshop_create, workshop_update

__all__ = [
    "IMPORT_COLUMNS",
    "ROLE_BY_TEXT",
    "Added",
    "ImportRejected",
    "ImportResult",
    "InvitationNotValid",
    "Target",
    "WorkshopData",
    "assignment_create",
    "attendance_record",
    "audience_members",
    "follow_up_record",
    "invitation_accept",
    "invitation_accept_new_account",
    "invitation_create",
    "invitations_send",
    "members_import_csv",
    "membership_add",
    "membership_remove",
    "membership_set",
    "reminder_mute_set",
    "reminders_send",
    "require_members",
    "school_people",
    "team_create",
    "workshop_create",
    "workshop_update",
]

"""Writes for lesson recordings, by sub-domain:

- `recordings`: the school's policy (consent statement, retention), the consent check,
  recording a lesson (from a file or a resumable upload), its class context, its deletion date;
- `sharing`: sharing a recording or a clip with an audience, revoking, the audit list;
- `deletion`: complete deletion by the owner or at the end of the retention, purges.

Every function is keyword-only and atomic. Children appear in these recordings (STYLE §10), so:
- a school without a consent statement cannot record, and the teacher confirms it each time;
- a recording is a private Video (never in the admin, never presigned) seen by its owner and
  the audiences of its live shares only (access.py, the one rule);
- deletion is complete — source, renditions, HLS files, poster, sprite, thumbnails, captions
  and transcript, search entries (database and engine), comments, shares, views, upload rows,
  notifications — whether the owner deletes or the retention task does.

Refusals raise RecordingRefused (a ValidationError whose message a person can act on);
nothing is written when one is raised. Callers authorise the *page* (views ask access.py);
services check the data rules (only the owner shares, revokes or deletes).
The public names are re-exported here for callers outside the app; code inside the app
imports from the submodule.
"""

from .deletion import (
    RECORDING_PURGE_TASK,
    recording_delete,
    recording_orphans_delete,
    recording_purge,
    recording_purges_retry,
    recordings_expire,
)
from .recordings import (
    RecordingRefused,
    delete_after_for,
    max_recording_seconds,
    recording_consent_check,
    recording_create,
    recording_create_from_upload,
    recording_policy_for,
    recording_policy_set,
    recording_set_cycle_end,
    recording_update,
    require_owner,
)
from .sharing import VIEW_COALESCE_MINUTES, recording_view_record, share_create, share_revoke

__all__ = [
    "RECORDING_PURGE_TASK",
    "VIEW_COALESCE_MINUTES",
    "RecordingRefused",
    "delete_after_for",
    "max_recording_seconds",
    "recording_consent_check",
    "recording_create",
    "recording_create_from_upload",
    "recording_delete",
    "recording_orphans_delete",
    "recording_policy_for",
    "recording_policy_set",
    "recording_purge",
    "recording_purges_retry",
    "recording_set_cycle_end",
    "recording_update",
    "recording_view_record",
    "recordings_expire",
    "require_owner",
    "share_create",
    "share_revoke",
]

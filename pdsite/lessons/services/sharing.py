"""Writes for sharing a recording (or a clip of it) with an audience, revoking, and the owner's
audit list of who watched. See the package docstring."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from pdsite.departments.models import Notification
from pdsite.videos.models import Video
from pdsite.videos.pipeline.vtt import format_clock

from ..audiences import audience_choices, audience_kind, audience_label, audience_members
from ..models import Recording, RecordingView, Share
from .recordings import RecordingRefused, require_owner

# A viewer reopening the same recording within this many minutes is one line of the audit list.
VIEW_COALESCE_MINUTES = 10


# --- Sharing -----------------------------------------------------------------------------------


def _clip_range(recording: Recording, start, end) -> tuple[float | None, float | None]:
    if start in (None, "") and end in (None, ""):
        return None, None
    if start in (None, "") or end in (None, ""):
        raise RecordingRefused({"end": "Give both the start and the end of the clip, or neither for the whole recording."})
    try:
        start, end = float(start), float(end)
    except (TypeError, ValueError):
        raise RecordingRefused({"start": "Give the clip's start and end as minutes:seconds, e.g. 4:30."})
    duration = Video.objects.filter(pk=recording.video_id).values_list("duration", flat=True).first()
    if not duration:
        raise RecordingRefused({"start": "The recording is still being prepared; share a clip once it plays."})
    if start < 0 or start >= duration:
        raise RecordingRefused({"start": f"The clip must start inside the recording (0:00–{format_clock(duration)})."})
    if end <= start:
        raise RecordingRefused({"end": f"The clip must end after it starts ({format_clock(start)})."})
    if end > duration:
        raise RecordingRefused({"end": f"The clip must end by the recording's end ({format_clock(duration)})."})
    return start, end


def _describe(share: Share) -> str:
    if share.is_clip:
        return f"a clip ({format_clock(share.start)}–{format_clock(share.end)}) of"
    return "their recording"


@transaction.atomic
def share_create(
    *,
    recording: Recording,
    by,
    audience_kind: str,
    audience_id: int,
    permission: str = Share.Permission.VIEW,
    start: float | None = None,
    end: float | None = None,
    ends_at: datetime.datetime | None = None,
) -> Share:
    """`by` (the owner) shares `recording`, or the clip `start`–`end` of it, with one audience
    (`audience_kind`/`audience_id`, one of `audiences.audience_choices(owner)`), to view or to
    comment, until `ends_at` (None: until revoked). The audience's members (but the owner) are
    notified in-app. Raises RecordingRefused for anyone but the owner, an audience the owner
    may not pick, a clip outside the recording, an end date in the past or a bad permission."""
    require_owner(recording, by, "share")
    if audience_kind_of(audience_kind) is None:
        raise RecordingRefused({"audience": "Choose who to share with."})
    try:
        audience_id = int(audience_id)
    except (TypeError, ValueError):
        raise RecordingRefused({"audience": "Choose who to share with."})
    if (audience_kind, audience_id) not in {(kind, pk) for kind, pk, _ in audience_choices(by)}:
        raise RecordingRefused({"audience": "Choose people, a team or a group of your own department."})
    if permission not in Share.Permission.values:
        raise RecordingRefused({"permission": "Choose “View” or “View and comment”."})
    start, end = _clip_range(recording, start, end)
    if ends_at is not None:
        if isinstance(ends_at, datetime.date) and not isinstance(ends_at, datetime.datetime):
            ends_at = timezone.make_aware(datetime.datetime.combine(ends_at, datetime.time.max))
        if ends_at <= timezone.now():
            raise RecordingRefused({"ends_at": "The share's end must be in the future."})
    share = Share.objects.create(
        recording=recording, audience_kind=audience_kind, audience_id=audience_id, permission=permission,
        start=start, end=end, ends_at=ends_at, created_by=by,
    )
    _notify_audience(share, by)
    return share


def audience_kind_of(kind: str):
    return audience_kind(kind) if isinstance(kind, str) else None


def _notify_audience(share: Share, by) -> None:
    recording = share.recording
    who = by.get_full_name() or by.get_username()
    verb = "to comment on" if share.permission == Share.Permission.COMMENT else "to watch"
    subject = f"{who} shared {_describe(share)} “{recording.title}” with you"[:200]
    body = f"{verb.capitalize()}, shared with {audience_label(share.audience_kind, share.audience_id)}."
    if share.ends_at:
        body += f" Until {timezone.localtime(share.ends_at):%-d %B %Y}."
    # The page opened through this share (its clip, its permission to comment).
    url = recording.get_absolute_url()
    url = f"{url}?share={share.pk}" if url else ""
    people = audience_members(share.audience_kind, share.audience_id).exclude(pk=recording.owner_id).distinct()
    Notification.objects.bulk_create(
        Notification(user=person, subject=subject, body=body, url=url) for person in people.filter(is_active=True)
    )


@transaction.atomic
def share_revoke(*, share: Share, by) -> Share:
    """The owner ends `share` now: its audience's next request is refused (access.py asks on
    every request). The row stays for the audit list. Revoking twice is harmless."""
    share = Share.objects.select_for_update().select_related("recording").get(pk=share.pk)
    require_owner(share.recording, by, "stop sharing")
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
    return share


# --- The audit list ----------------------------------------------------------------------------


@transaction.atomic
def recording_view_record(*, recording: Recording, viewer, share: Share | None = None) -> RecordingView | None:
    """Note that `viewer` opened `recording` (through `share`, whose range is noted for a clip).
    The owner's own views are not listed (None). Reopening within VIEW_COALESCE_MINUTES through
    the same share is the same line (its time moves on), so a reload does not flood the list."""
    if viewer is None or not viewer.is_authenticated or viewer.pk == recording.owner_id:
        return None
    if share is not None and share.recording_id != recording.pk:
        share = None  # not a share of this recording: note the viewing, not a wrong range
    recent = (
        RecordingView.objects.select_for_update()
        .filter(recording=recording, viewer=viewer, share=share,
                viewed_at__gte=timezone.now() - datetime.timedelta(minutes=VIEW_COALESCE_MINUTES))
        .first()
    )
    if recent is not None:
        RecordingView.objects.filter(pk=recent.pk).update(viewed_at=timezone.now())
        return recent
    return RecordingView.objects.create(
        recording=recording, viewer=viewer, share=share,
        start=share.start if share is not None else None, end=share.end if share is not None else None,
    )

"""Who may see a lesson recording: its owner, and the audience of a live share.

Registered in the one video rule (`pdsite.videos.access`) by LessonsConfig.ready(). Nobody
else sees a recording: not a head of department, not a PD lead, not a superuser (the video is
private, so the admin grants skip it). A share is live until it is revoked or its end date
passes; both take effect on the next request, because every request asks again.

A clip share lets its audience see only its range: `recording_window` gives the video rule
those ranges, and the video views enforce them on playlists, segments, captions and thumbnails.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from .audiences import audiences_for
from .models import Recording, Share


def live_shares(recording: Recording | None = None, *, now=None) -> QuerySet[Share]:
    """Shares not revoked and not ended (of `recording`, or of every recording)."""
    now = now or timezone.now()
    shares = Share.objects.all() if recording is None else recording.shares.all()
    return shares.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), revoked_at__isnull=True)


def shares_reaching(user, recording: Recording | None = None) -> QuerySet[Share]:
    """The live shares whose audience includes `user`."""
    return live_shares(recording).filter(audiences_for(user))


def recording_grant(viewer, video_ids: frozenset[int]) -> set[int]:
    """The private videos among `video_ids` whose recording `viewer` owns or has a live share of.
    One query when none of the ids is someone else's recording (a list of PD clips), else one
    more for the shares (and the audiences' own lookups)."""
    user = viewer.user
    if not user.is_authenticated or not user.is_active:
        return set()
    rows = Recording.objects.filter(video_id__in=video_ids).order_by().values_list("pk", "video_id", "owner_id")
    owned, others = set(), set()
    for pk, video_id, owner_id in rows:
        if owner_id == user.pk:
            owned.add(video_id)
        else:
            others.add(pk)
    if not others:
        return owned
    shared = shares_reaching(user).filter(recording_id__in=others).values_list("recording__video_id", flat=True)
    return owned | set(shared)


def recording_window(viewer, video) -> list[tuple[float, float]] | None:
    """None when `viewer` may see the whole recording (its owner, a whole-recording share), else
    the ranges of their live clip shares ([] when none)."""
    user = viewer.user
    recording = Recording.objects.filter(video_id=video.pk).only("pk", "owner_id").first()
    if recording is None or not user.is_authenticated:
        return []
    if recording.owner_id == user.pk:
        return None
    ranges = []
    for start, end in shares_reaching(user, recording).values_list("start", "end"):
        if start is None:
            return None
        ranges.append((start, end))
    return ranges

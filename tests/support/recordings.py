"""Lesson recordings for feedback's tests, made with lessons.models directly.

The recordings work (branch recordings) writes the real factory and lessons/access.py's grant
and window. Until that is merged, `recording_access_standin()` registers a stand-in for them
in the one video rule: the owner sees their recording, and so does the audience of a live
share, a clip share only inside its range. It does nothing once `pdsite.lessons.audiences`
exists (the real rule is merged), so the tests then run against the real grant.
For the lead: at merge, drop the stand-in (and its uses in tests/feedback/conftest.py and
tests/test_permission_matrix.py) and build recordings with the recordings factory.
"""

from __future__ import annotations

import datetime
import importlib.util
from contextlib import contextmanager

from django.utils import timezone

from pdsite.lessons.models import Recording, Share
from pdsite.videos import access as video_access
from pdsite.videos.models import Video
from tests.factories.videos import VideoFactory


def make_recording(*, owner, department, title="Y7 equivalence lesson", duration=600.0, **video) -> Recording:
    """A READY private video and its Recording row (consent confirmed now)."""
    video = VideoFactory(title=title, status=Video.Status.READY, duration=duration, private=True, **video)
    now = timezone.now()
    return Recording.objects.create(
        video=video, owner=owner, department=department, title=title, year_group=7,
        recorded_on=now.date(), consent_statement="Parents are informed.", consent_confirmed_at=now,
        delete_after=now.date() + datetime.timedelta(days=30),
    )


def make_share(recording, *, kind="user", to, permission=Share.Permission.COMMENT, start=None, end=None, **extra):
    """A share of `recording` with `to` (a user, team or department row, per `kind`)."""
    return Share.objects.create(
        recording=recording, audience_kind=kind, audience_id=to.pk, permission=permission, start=start, end=end,
        created_by=recording.owner, **extra,
    )


def _reaching(viewer, recordings):
    from pdsite.feedback.access import live_shares, shares_reaching

    user = viewer.user
    return {r.pk: list(live_shares(r).filter(shares_reaching(user))) for r in recordings}


def standin_grant(viewer, video_ids: frozenset[int]) -> set[int]:
    user = viewer.user
    if not user.is_authenticated:
        return set()
    recordings = list(Recording.objects.filter(video_id__in=video_ids))
    shares = _reaching(viewer, [r for r in recordings if r.owner_id != user.pk])
    return {r.video_id for r in recordings if r.owner_id == user.pk or shares.get(r.pk)}


def standin_window(viewer, video):
    user = viewer.user
    recording = Recording.objects.filter(video_id=video.pk).first()
    if recording is None or not user.is_authenticated:
        return []
    if recording.owner_id == user.pk:
        return None
    shares = _reaching(viewer, [recording])[recording.pk]
    if any(not s.is_clip for s in shares):
        return None
    return [(s.start, s.end) for s in shares]


def standin_needed() -> bool:
    return importlib.util.find_spec("pdsite.lessons.audiences") is None


@contextmanager
def recording_access_standin():
    """Register the stand-in grant and window while the block runs (see the module docstring)."""
    if not standin_needed():
        yield
        return
    video_access.video_grant_register(standin_grant)
    video_access.video_window_register(standin_window)
    try:
        yield
    finally:
        video_access._GRANTS.remove(standin_grant)
        video_access._WINDOWS.remove(standin_window)

"""Lesson recordings for feedback's tests, made with lessons.models directly.

Rows only: who sees them is the real rule (pdsite/lessons/access.py), registered at start-up.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from pdsite.lessons.models import Recording, Share
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

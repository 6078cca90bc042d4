"""Cycles and the lesson recordings they hold, for the cycles tests.

`recording_for` makes a Recording row around a private Video without the pipeline (the
recordings work's factories will make real ones); cycles are made through the real service."""

import datetime

from django.utils import timezone

from pdsite.lessons.models import Recording, YearGroup
from pdsite.videos.models import Video

from .videos import VideoFactory


def recording_for(owner, department, *, title="Y8 ratio tables", recorded_on=None, private=True) -> Recording:
    video = VideoFactory(title=title, status=Video.Status.READY, duration=600.0, private=private)
    recorded_on = recorded_on or timezone.localdate()
    return Recording.objects.create(
        video=video, owner=owner, department=department, title=title, year_group=YearGroup.Y8,
        recorded_on=recorded_on, consent_statement="Parents were told; two pupils are not filmed.",
        consent_confirmed_at=timezone.now(), delete_after=recorded_on + datetime.timedelta(days=30),
    )


def cycle_for(department, by, *, kind="lesson_study", title="Y8 ratio tables", **kwargs):
    from pdsite.cycles import services

    return services.cycle_create(department=department, kind=kind, title=title, by=by, **kwargs)

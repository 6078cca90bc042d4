"""Reads for the System status screen and the metrics: the transcode queue and failed videos.

The queue is read from the Video rows' states (the state machine in pdsite.videos.services),
not from the broker: a row is the truth about a job, and every broker has a different API.
Waiting: UPLOADED (queued, no worker has started it); running: PROBING, TRANSCODING, PLAYABLE
(started, bigger sizes still being made).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone

from pdsite.videos.models import Video

Status = Video.Status
WAITING = (Status.UPLOADED,)
RUNNING = (Status.PROBING, Status.TRANSCODING, Status.PLAYABLE)


@dataclass(frozen=True)
class TranscodeQueue:
    waiting: int
    running: int
    failed: int
    failed_by_stage: dict[str, int]  # failure_stage ("" when unknown) -> count
    oldest_waiting_since: datetime | None  # when the longest-waiting job entered UPLOADED

    @property
    def oldest_waiting_seconds(self) -> float:
        if self.oldest_waiting_since is None:
            return 0.0
        return max((timezone.now() - self.oldest_waiting_since).total_seconds(), 0.0)


def transcode_queue() -> TranscodeQueue:
    """The queue's numbers, private recordings included (they are counted, never named). Three queries."""
    counts = dict(Video.objects.values_list("status").annotate(n=Count("pk")).order_by())
    failed_by_stage = dict(
        Video.objects.filter(status=Status.FAILED).values_list("failure_stage").annotate(n=Count("pk")).order_by()
    )
    # updated_at: a retry moves FAILED -> UPLOADED, so the wait starts then, not at the upload;
    # nothing else saves an UPLOADED row.
    oldest = Video.objects.filter(status__in=WAITING).aggregate(oldest=Min("updated_at"))["oldest"]
    return TranscodeQueue(
        waiting=sum(counts.get(status, 0) for status in WAITING),
        running=sum(counts.get(status, 0) for status in RUNNING),
        failed=counts.get(Status.FAILED, 0),
        failed_by_stage=failed_by_stage,
        oldest_waiting_since=oldest,
    )


def failed_videos_recent(*, limit: int = 20) -> list[Video]:
    """The most recently failed videos an administrator may see and retry, newest first.

    Private recordings (pdsite.lessons) are left out: the one rule (videos/access.py) never
    shows them through the superuser's grant, so their titles do not appear here either.
    """
    return list(
        Video.objects.filter(status=Status.FAILED, private=False)
        .only("pk", "title", "failure_stage", "failure_reason", "updated_at")
        .order_by("-updated_at")[:limit]
    )


def failed_private_count() -> int:
    return Video.objects.filter(status=Status.FAILED, private=True).count()

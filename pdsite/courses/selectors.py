"""Reads for courses."""

from dataclasses import dataclass

from .models import PDVideoPage, ViewingRecord


@dataclass(frozen=True)
class LearningItem:
    title: str
    url: str | None
    percent_watched: int
    completed: bool
    last_position: float


def pages_for_videos(video_ids) -> dict[int, PDVideoPage]:
    """The live, public page of each video (the first, if several show it)."""
    pages: dict[int, PDVideoPage] = {}
    for page in PDVideoPage.objects.live().public().filter(video_id__in=video_ids).order_by("-first_published_at"):
        pages.setdefault(page.video_id, page)
    return pages


def learning_items_for_user(*, user) -> list[LearningItem]:
    """What a teacher has watched, most recent first, for "My learning". Two queries."""
    records = list(
        ViewingRecord.objects.filter(user=user).select_related("video").order_by("-last_report_at", "-pk")
    )
    pages = pages_for_videos([record.video_id for record in records])
    items = []
    for record in records:
        page = pages.get(record.video_id)
        items.append(
            LearningItem(
                title=page.title if page else record.video.title,
                url=page.url if page else None,
                percent_watched=record.percent_watched,
                completed=record.completed_at is not None,
                last_position=record.last_position,
            )
        )
    return items

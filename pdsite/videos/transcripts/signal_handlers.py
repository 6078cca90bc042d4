"""Receivers that connect transcripts to the video pipeline's events (they only enqueue)."""

from ..signals import video_status_changed
from .services import transcript_queue_draft


def queue_draft_transcript(sender, *, video, previous, **kwargs) -> None:
    transcript_queue_draft(video=video, previous=previous)


def connect() -> None:
    video_status_changed.connect(queue_draft_transcript, dispatch_uid="videos.queue_draft_transcript")

"""Receivers that connect described audio tracks to the video's events (they only enqueue)."""

from django.db.models.signals import post_delete

from ..models import DescribedAudio, Video
from ..signals import video_status_changed
from .services import (
    described_audio_purge_enqueue,
    described_audio_requeue_for_video,
    described_audio_storage_prefixes,
    described_audio_video_transcoding,
)


def follow_the_transcode(sender, *, video, previous, **kwargs) -> None:
    """A (re-)transcode clears the video's HLS folder, the tracks' files with it: they wait
    while it runs and are queued again once the video is READY."""
    if video.status == Video.Status.PROBING:
        described_audio_video_transcoding(video=video)
    elif video.status == Video.Status.READY and previous != Video.Status.READY:
        described_audio_requeue_for_video(video=video)


def purge_files(sender, *, instance: DescribedAudio, **kwargs) -> None:
    """A deleted track (or its video, by cascade) leaves no file: removed after commit."""
    described_audio_purge_enqueue(prefixes=described_audio_storage_prefixes(instance))


def connect() -> None:
    video_status_changed.connect(follow_the_transcode, dispatch_uid="videos.described_audio_follow_the_transcode")
    post_delete.connect(purge_files, sender=DescribedAudio, dispatch_uid="videos.described_audio_purge")

"""Receivers that connect described audio tracks to the video's events (they only enqueue)."""

from django.db.models.signals import post_delete

from ..models import DescribedAudio, Video
from ..signals import video_status_changed
from .services import described_audio_purge_enqueue, described_audio_requeue_for_video, described_audio_storage_prefixes


def encode_again_when_ready(sender, *, video, previous, **kwargs) -> None:
    """A re-transcode cleared the video's HLS folder, the tracks' files with it."""
    if video.status == Video.Status.READY and previous != Video.Status.READY:
        described_audio_requeue_for_video(video=video)


def purge_files(sender, *, instance: DescribedAudio, **kwargs) -> None:
    """A deleted track (or its video, by cascade) leaves no file: removed after commit."""
    described_audio_purge_enqueue(prefixes=described_audio_storage_prefixes(instance))


def connect() -> None:
    video_status_changed.connect(encode_again_when_ready, dispatch_uid="videos.described_audio_encode_again")
    post_delete.connect(purge_files, sender=DescribedAudio, dispatch_uid="videos.described_audio_purge")

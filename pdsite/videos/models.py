"""Videos, their HLS renditions and their transcripts.

Status changes go through `services.video_transition` only; nothing else writes `status`.
"""

import uuid

from django.conf import settings
from django.db import models


def video_source_path(video: "Video", filename: str) -> str:
    # A fresh folder per upload: S3 storage overwrites same-named files.
    return f"videos/sources/{uuid.uuid4().hex}/{filename}"


class Video(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        PROCESSING = "processing", "Processing"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    class Stage(models.TextChoices):
        PROBE = "probe", "Checking the file"
        TRANSCODE = "transcode", "Transcoding"
        STORE = "store", "Storing the renditions"

    title = models.CharField(max_length=255)
    source = models.FileField(upload_to=video_source_path, max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED, db_index=True)
    duration = models.FloatField(null=True, blank=True, help_text="Seconds, from ffprobe.")
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # Storage names (not URLs): URLs are made per request, presigned when on S3.
    master_playlist = models.CharField(max_length=500, blank=True)
    poster = models.CharField(max_length=500, blank=True)
    failure_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    failure_reason = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def output_prefix(self) -> str:
        """Where every file made from the source lives; deleting it removes them all."""
        return f"videos/{self.pk}/hls"


class Rendition(models.Model):
    """One HLS variant of a video (e.g. 360p), listed in the master playlist."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="renditions")
    profile = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    bandwidth = models.PositiveIntegerField(help_text="Bits per second, as in the master playlist.")
    playlist = models.CharField(max_length=500, help_text="Storage name of the variant playlist.")

    class Meta:
        ordering = ["height"]
        constraints = [models.UniqueConstraint(fields=["video", "profile"], name="unique_rendition_per_profile")]

    def __str__(self) -> str:
        return f"{self.video} {self.profile}"


class Transcript(models.Model):
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="transcripts")
    language = models.CharField(max_length=10, default="en")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["video", "language"], name="unique_transcript_per_language")]

    def __str__(self) -> str:
        return f"{self.video} ({self.language})"


class TranscriptSegment(models.Model):
    """One caption cue: what is said from `start` to `end` seconds.

    Search does not index cues one by one: `pdsite.search` groups them into moments.
    """

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="segments")
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()

    class Meta:
        ordering = ["transcript", "start"]
        indexes = [models.Index(fields=["transcript", "start"])]

    def __str__(self) -> str:
        return f"{self.start:.1f}s {self.text[:40]}"

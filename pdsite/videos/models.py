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
        PROBING = "probing", "Checking the file"
        TRANSCODING = "transcoding", "Transcoding"
        PLAYABLE = "playable", "Playable (finishing the other sizes)"
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
    # From ffprobe; None until probed. Without audio there is no speech to draft a transcript from.
    has_audio = models.BooleanField(null=True, blank=True)
    # Storage names (not URLs): URLs are made per request, presigned when on S3.
    master_playlist = models.CharField(max_length=500, blank=True)
    poster = models.CharField(max_length=500, blank=True)
    sprite = models.CharField(max_length=500, blank=True, help_text="Storage name of the scrub-preview sprite.")
    thumbnails = models.CharField(
        max_length=500, blank=True, help_text="Storage name of the WebVTT track mapping times to sprite tiles."
    )
    progress = models.FloatField(default=0.0, help_text="Share of the transcode done, 0 to 1 (from ffmpeg).")
    # Idempotency key of the current transcode job: a message delivered again after its job
    # finished (Redis restores unacked messages) sees a READY video with the same key and stops.
    transcode_job = models.UUIDField(null=True, blank=True, editable=False)
    failure_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    failure_reason = models.TextField(blank=True)
    # A teacher's own lesson recording (pdsite.lessons): children are in it. The built-in grants
    # (superuser, PD leads) never see it; only its owner's shares do (access.py).
    private = models.BooleanField(default=False, db_index=True, editable=False)
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
    def is_playable(self) -> bool:
        """The master playlist plays from the start: READY, or PLAYABLE while bigger sizes finish."""
        return self.status in (self.Status.PLAYABLE, self.Status.READY)

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.PROBING, self.Status.TRANSCODING)

    @property
    def progress_percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return max(0, min(100, round(self.progress * 100)))

    @property
    def output_prefix(self) -> str:
        """Where every file made from the source lives; deleting it removes them all."""
        return f"videos/{self.pk}/hls"

    @property
    def has_described_audio(self) -> bool:
        """A described audio track is ready to play (the publishing rule for clips whose
        picture carries meaning asks this). One query."""
        return self.described_audio.filter(status=DescribedAudio.Status.READY).exclude(playlist="").exists()

    @property
    def has_descriptions(self) -> bool:
        """A text descriptions track with at least one cue (the other way to meet the same rule)."""
        return DescriptionCue.objects.filter(track__video=self).exists()


class Rendition(models.Model):
    """One HLS variant of a video (e.g. 360p), listed in the master playlist."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="renditions")
    profile = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    bandwidth = models.PositiveIntegerField(help_text="Bits per second, as in the master playlist.")
    codecs = models.CharField(max_length=100, blank=True, help_text="CODECS of the master playlist.")
    playlist = models.CharField(max_length=500, help_text="Storage name of the variant playlist.")

    @property
    def is_audio_only(self) -> bool:
        return self.height == 0

    class Meta:
        ordering = ["height"]
        constraints = [models.UniqueConstraint(fields=["video", "profile"], name="unique_rendition_per_profile")]

    def __str__(self) -> str:
        return f"{self.video} {self.profile}"


def described_audio_source_path(track: "DescribedAudio", filename: str) -> str:
    # Beside the video's outputs, not inside them: a re-transcode clears videos/<pk>/hls and
    # the track is encoded again from this file.
    return f"videos/{track.video_id}/described/{uuid.uuid4().hex}/{filename}"


class DescribedAudio(models.Model):
    """A described audio track of a video, in one language: the programme's sound with a voice
    describing what the picture shows, uploaded by a PD lead. It is encoded to an audio-only
    HLS rendition in the video's HLS folder, which the master playlist offers as an alternate
    audio rendition (CHARACTERISTICS="public.accessibility.describes-video").

    Written only by `pdsite.videos.described` (upload, encode, fail). A re-transcode of the
    video clears its HLS folder, these files with it: the track goes back to PROCESSING when
    the transcode starts and is encoded again when the video is ready (signal_handlers).
    """

    # The languages a track may be in: code -> the name the player shows ("English (described)").
    LANGUAGES = {"en": "English", "cy": "Welsh"}

    class Status(models.TextChoices):
        PROCESSING = "processing", "Encoding"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="described_audio")
    language = models.CharField(max_length=10, default="en")
    source = models.FileField(upload_to=described_audio_source_path, max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROCESSING)
    duration = models.FloatField(null=True, blank=True, help_text="Seconds of the uploaded file, from ffprobe.")
    # Storage name of the audio-only media playlist (its segments sit beside it).
    playlist = models.CharField(max_length=500, blank=True)
    # Idempotency key of the current encode job, as Video.transcode_job.
    encode_job = models.UUIDField(null=True, blank=True, editable=False)
    failure_reason = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="unique_described_audio_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.video} ({self.language}, described)"

    @property
    def folder(self) -> str:
        """Its HLS folder, inside the video's output prefix (so media URLs and the playlist view
        serve it). From `video_id` alone: asked after the video's row is gone (deletion)."""
        return f"videos/{self.video_id}/hls/described-{self.language}"

    @property
    def player_name(self) -> str:
        """The NAME of its EXT-X-MEDIA rendition, as the player lists it."""
        return f"{self.LANGUAGES.get(self.language, self.language)} (described)"

    @property
    def is_playable(self) -> bool:
        """Ready to be offered in the master playlist."""
        return self.status == self.Status.READY and bool(self.playlist)


class Transcript(models.Model):
    """What is said in one video, in one language: its cues are the TranscriptSegments.

    Changed only through `pdsite.videos.transcripts` (import, draft, editor save, approve).
    """

    class Source(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded captions file"
        ASR = "asr", "Speech-recognition draft"
        EDITED = "edited", "Edited in the admin"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft, needs review"
        APPROVED = "approved", "Approved"

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="transcripts")
    language = models.CharField(max_length=10, default="en")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.UPLOADED)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPROVED)
    engine = models.CharField(
        max_length=100, blank=True, help_text="The speech-recognition engine that made the draft, if any."
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["video", "language"], name="unique_transcript_per_language")]

    def __str__(self) -> str:
        return f"{self.video} ({self.language})"

    @property
    def needs_review(self) -> bool:
        return self.status == self.Status.DRAFT


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


class DescriptionTrack(models.Model):
    """Audio description of a video in one language, as text (WCAG 1.2.5): what the picture
    shows when the narration does not say it (a bar model drawn, counters moved). Served as a
    WebVTT `kind="descriptions"` track; the player speaks each cue with the browser's speech
    synthesis and puts it in a live region for screen readers.

    Written only by `pdsite.videos.descriptions` (the editor beside the transcript's).
    """

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="description_tracks")
    language = models.CharField(max_length=10, default="en")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="unique_description_track_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.video} ({self.language}, descriptions)"


class DescriptionCue(models.Model):
    """One description: spoken from `start`; `extended` when the video must pause while it is
    spoken (the gap in the narration is too short for it: extended audio description)."""

    track = models.ForeignKey(DescriptionTrack, on_delete=models.CASCADE, related_name="cues")
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()
    extended = models.BooleanField(default=False, help_text="Pause the video while this is spoken.")

    class Meta:
        ordering = ["track", "start"]

    def __str__(self) -> str:
        return f"{self.start:.1f}s {self.text[:40]}"


class UploadSession(models.Model):
    """One resumable upload of a video file, from its start until it becomes a Video.

    On S3 the browser sends parts straight to the bucket (`s3_upload_id` names the multipart
    upload); on local storage it sends chunks to pdsite, appended at `offset`.
    Written only by `pdsite.videos.uploads`.
    """

    class Backend(models.TextChoices):
        S3 = "s3", "S3 multipart"
        LOCAL = "local", "Local chunks"

    class Purpose(models.TextChoices):
        VIDEO = "video", "A video for the library (admin)"
        RECORDING = "recording", "A teacher's lesson recording (private)"

    class Status(models.TextChoices):
        ACTIVE = "active", "Uploading"
        COMPLETE = "complete", "Complete"
        ABORTED = "aborted", "Aborted"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    size = models.BigIntegerField(help_text="Bytes, as declared when the upload started.")
    part_size = models.BigIntegerField(help_text="Bytes per part (S3) or per chunk (local).")
    backend = models.CharField(max_length=10, choices=Backend.choices)
    # What the file becomes: a library video (admin, `videos.add_video`), or a lesson recording
    # (pdsite.lessons registers who may start one and finishes it: uploads/purposes.py).
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.VIDEO)
    storage_name = models.CharField(max_length=500, help_text="Where the finished file goes.")
    s3_upload_id = models.CharField(max_length=1024, blank=True)
    offset = models.BigIntegerField(default=0, help_text="Bytes received so far (local only).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    video = models.ForeignKey(Video, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="upload_session_size_positive"),
            models.CheckConstraint(
                condition=models.Q(offset__gte=0, offset__lte=models.F("size")), name="upload_session_offset_in_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def part_count(self) -> int:
        return -(-self.size // self.part_size)

"""Lesson recordings: a teacher's own lesson on video, private to them, shared deliberately.

Children appear in these recordings (STYLE §10). A recording is a `videos.Video` with
`private=True` (so the admin grants never see it) plus the class context here. Who may see it is
decided in lessons/access.py only; everything here is facts about rows.
"""


from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

# "At most one academic year": no school may keep a recording longer than this.
MAX_RETENTION_DAYS = 365
DEFAULT_RETENTION_DAYS = 30
MAX_RECORDING_SECONDS = 60 * 60


class RecordingPolicy(models.Model):
    """A school's rules for recording lessons. A school without a consent statement cannot record."""

    school = models.OneToOneField("departments.School", on_delete=models.CASCADE, related_name="recording_policy")
    consent_statement = models.TextField(
        blank=True,
        help_text="What a teacher confirms before uploading (parents informed, pupils who may not be filmed…).",
    )
    consent_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    retention_days = models.PositiveSmallIntegerField(
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text="Days a recording is kept after the end of its cycle (or after the lesson, without one).",
    )

    class Meta:
        verbose_name_plural = "recording policies"

    def __str__(self) -> str:
        return f"Recording policy · {self.school}"

    @property
    def allows_recording(self) -> bool:
        return bool(self.consent_statement.strip())


class YearGroup(models.IntegerChoices):
    RECEPTION = 0, "Reception"
    Y1 = 1, "Year 1"
    Y2 = 2, "Year 2"
    Y3 = 3, "Year 3"
    Y4 = 4, "Year 4"
    Y5 = 5, "Year 5"
    Y6 = 6, "Year 6"
    Y7 = 7, "Year 7"
    Y8 = 8, "Year 8"
    Y9 = 9, "Year 9"
    Y10 = 10, "Year 10"
    Y11 = 11, "Year 11"
    Y12 = 12, "Year 12"
    Y13 = 13, "Year 13"


class Recording(models.Model):
    """One lesson a teacher recorded. Deleted completely by `services.recording_delete`."""

    video = models.OneToOneField("videos.Video", on_delete=models.PROTECT, related_name="recording")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_recordings")
    department = models.ForeignKey("departments.Department", on_delete=models.CASCADE, related_name="recordings")
    title = models.CharField(max_length=200)
    year_group = models.PositiveSmallIntegerField(choices=YearGroup.choices)
    unit = models.ForeignKey(
        "courses.UnitPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The curriculum unit the lesson teaches.",
    )
    small_step = models.CharField(max_length=200, blank=True)
    lesson_focus = models.TextField(blank=True, help_text="What the observers should look at.")
    recorded_on = models.DateField()
    # The statement as the teacher confirmed it (the school may change it later).
    consent_statement = models.TextField()
    consent_confirmed_at = models.DateTimeField()
    # Set by the cycle the recording belongs to (pdsite.cycles), through services.
    cycle_ends_on = models.DateField(null=True, blank=True)
    delete_after = models.DateField(db_index=True, help_text="The retention task deletes it after this day.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The recording's page (`lessons:recording`); empty until the pages are there."""
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse("lessons:recording", args=[self.pk])
        except NoReverseMatch:
            return ""


class Share(models.Model):
    """The owner lets an audience see a recording, or a clip of it, to view or to comment.

    The audience is one person, team or group: `audience_kind` names the kind and
    `audience_id` the row (see lessons/audiences.py; pdsite.cycles and pdsite.workgroups add
    kinds). Revoking sets `revoked_at`; the row stays for the audit list.
    """

    class Permission(models.TextChoices):
        VIEW = "view", "View"
        COMMENT = "comment", "View and comment"

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="shares")
    audience_kind = models.CharField(max_length=20)
    audience_id = models.PositiveBigIntegerField()
    permission = models.CharField(max_length=10, choices=Permission.choices, default=Permission.VIEW)
    # A clip: both None for the whole recording.
    start = models.FloatField(null=True, blank=True)
    end = models.FloatField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="The share ends then, if set.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["audience_kind", "audience_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True) | Q(start__gte=0, end__gt=models.F("start")),
                name="share_clip_is_a_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recording} → {self.audience_kind} {self.audience_id}"

    @property
    def is_clip(self) -> bool:
        return self.start is not None


class RecordingView(models.Model):
    """One time someone watched a recording: the owner's audit list."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    share = models.ForeignKey(Share, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    start = models.FloatField(null=True, blank=True)
    end = models.FloatField(null=True, blank=True)
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-viewed_at", "-pk"]


class RecordingPurge(models.Model):
    """What is left to remove from storage and the search engine after a recording's rows were
    deleted (`services.recording_delete`): the video's id and its storage names.

    Written in the deletion's transaction, so a file is never forgotten; purged after commit
    and again by the daily retention task (a transcode still running at deletion may have
    stored more), then deleted once a run finds nothing left and the row is a day old.
    """

    video_id = models.PositiveBigIntegerField()
    # Storage folders (every file under each) and single files to delete.
    prefixes = models.JSONField(default=list)
    files = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Purge of video {self.video_id}"

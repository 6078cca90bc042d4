"""What each teacher has actually watched of each video.

Moved here from the courses app: the table keeps its name (`courses_viewingrecord`) and
every row (migrations: progress 0001, courses 0005)."""

from django.conf import settings
from django.db import models

from .fields import IntervalSetField


class ViewingRecord(models.Model):
    """What one teacher has actually watched of one video: unique seconds, not play time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="viewing_records")
    video = models.ForeignKey("videos.Video", on_delete=models.CASCADE, related_name="viewing_records")
    # Sorted, disjoint [start, end] pairs in seconds (see progress.intervals); a nummultirange
    # on PostgreSQL, which the heartbeat's one statement merges into (progress.fields).
    watched_intervals = IntervalSetField(default=list)
    watched_seconds = models.FloatField(default=0)
    coverage = models.FloatField(default=0, help_text="Unique seconds watched / duration, 0–1.")
    last_position = models.FloatField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    first_report_at = models.DateTimeField(auto_now_add=True)
    last_report_at = models.DateTimeField(null=True, blank=True)
    # The credit window (progress/budget.py): when it began and how many new seconds it has
    # credited. Wall time since it began × the top playback rate, plus one slack, bounds them.
    credit_window_started_at = models.DateTimeField(null=True, blank=True)
    credit_window_seconds = models.FloatField(default=0)
    # Bumped by every heartbeat write (services.progress_record_heartbeat): how many reports
    # have changed the row.
    revision = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "courses_viewingrecord"
        constraints = [models.UniqueConstraint(fields=["user", "video"], name="one_viewing_record_per_user_video")]
        indexes = [
            # School uptake (departments.selectors.uptake) reads a term's records by
            # last_report_at and needs only these columns: the index alone answers it (an
            # index-only scan), skipping the wide rows and the terms before. Key columns,
            # not INCLUDE, so SQLite builds the same index.
            models.Index(
                fields=["last_report_at", "user", "video", "watched_seconds", "completed_at"],
                condition=models.Q(last_report_at__isnull=False),
                name="viewingrecord_uptake_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.video} · {self.coverage:.0%}"

    @property
    def percent_watched(self) -> int:
        return int(self.coverage * 100)

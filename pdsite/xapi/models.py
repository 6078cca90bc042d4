"""The outbox: every xAPI statement the site has decided to send, in the order it was made;
and each viewing's trail: where the statements about it left off."""

from django.conf import settings
from django.db import models


class Outbox(models.Model):
    """One statement waiting for, or done with, the LRS. Rows are sent in `id` order.

    `statement_id` is the statement's own id, a UUID5 of what it describes
    (statements.statement_id): queueing the same fact twice adds nothing (unique), and a
    statement the LRS already has answers as a duplicate, which counts as sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (the LRS refused it)"

    statement_id = models.UUIDField(unique=True)
    statement = models.JSONField()
    verb = models.CharField(max_length=200, help_text="The verb's IRI, for the admin and the logs.")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "outbox"
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "id"], name="xapi_outbox_status_id")]

    def __str__(self) -> str:
        return f"{self.verb.rsplit('/', 1)[-1]} {self.statement_id} ({self.status})"


class ViewingTrail(models.Model):
    """What xAPI last described of one teacher's viewing of one video: the record's watched
    intervals then, and its head (the end of the stretch that last grew; jumps.py). The next
    statements about that viewing start from here; the row is locked while they are made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    video = models.ForeignKey("videos.Video", on_delete=models.CASCADE, related_name="+")
    described_intervals = models.JSONField(default=list)
    head = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "video"], name="one_viewing_trail_per_user_video")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.video_id} · head {self.head}"

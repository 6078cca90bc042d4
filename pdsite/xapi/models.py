"""The outbox: every xAPI statement the site has decided to send, in the order it was made."""

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

"""Send the xAPI outbox now (what beat does every minute), optionally queueing the statements
the LRS refused again first, and say what is left."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from pdsite.xapi.selectors import outbox_backlog
from pdsite.xapi.services import outbox_retry_failed, outbox_send


class Command(BaseCommand):
    help = "Send pending xAPI statements to the LRS (PDSITE_XAPI_ENDPOINT) in order; --retry-failed re-queues refused ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed", action="store_true", help="Queue statements the LRS refused again (after fixing the cause)."
        )

    def handle(self, *args, retry_failed=False, **options):
        if retry_failed:
            self.stdout.write(f"Queued {outbox_retry_failed()} refused statement(s) again.")
        result = outbox_send(now=timezone.now())
        backlog = outbox_backlog(now=timezone.now())
        self.stdout.write(
            f"Sent {result.sent}, refused {result.failed}; {backlog.pending} pending, {backlog.failed} refused in all."
            + (f" Stopped: {result.stopped}." if result.stopped else "")
        )

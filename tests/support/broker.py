"""Tasks sent to the real broker (Redis) instead of run in-process, read back as messages.

For tests that check what a message carries (arguments, priority, time limits) exactly as
a worker would receive it, and then run the real task body with those arguments, once or
twice (a redelivery). `sent_to_broker()` switches eager mode off for the block and empties
the queues before and after; `BrokerQueue.take()` removes and returns what was sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pdsite.celery import app
from tests.support.services import require_service


@dataclass(frozen=True)
class SentTask:
    """One message as a worker receives it (Celery message protocol 2)."""

    name: str
    args: list
    priority: int | None
    time_limits: tuple[int | None, int | None]  # (soft, hard) seconds


class BrokerQueue:
    """Reads the messages waiting in one queue of the broker."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def take(self, queue: str) -> list[SentTask]:
        """Remove and return every message waiting in `queue` (all priorities)."""
        taken = []
        with self.connection.SimpleQueue(queue) as simple:
            while True:
                try:
                    message = simple.get(block=False)
                except simple.Empty:
                    return taken
                hard, soft = message.headers.get("timelimit") or (None, None)
                args, _kwargs, _embed = message.decode()
                taken.append(
                    SentTask(
                        name=message.headers["task"],
                        args=list(args),
                        priority=message.properties.get("priority"),
                        time_limits=(soft, hard),
                    )
                )
                message.ack()


@contextmanager
def sent_to_broker() -> Iterator[BrokerQueue]:
    """Within the block, queued tasks go to the broker and wait there (no worker runs them)."""
    require_service("CELERY_BROKER_URL", "The Celery broker (Redis)")
    app.conf.task_always_eager = False
    app.control.purge()
    try:
        with app.connection_for_read() as connection:
            yield BrokerQueue(connection)
    finally:
        app.control.purge()
        app.conf.task_always_eager = True

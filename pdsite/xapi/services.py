"""Writes for xAPI: turning what the server recorded into statements in the outbox, and the
outbox's state machine, which sends them to the LRS in order.

The shape of videos/services.py: one transition function with an allowed-transitions table
(`outbox_transition`), and re-runnable steps. Queueing is idempotent (a statement's id is a
UUID5 of what it says, unique in the outbox); sending is at-least-once but never twice in
effect (an LRS answers a statement id it has as a duplicate, which counts as sent).

Sending (`outbox_send`) takes the oldest pending statements in `id` order, a batch at a time:
- 2xx: the batch is SENT;
- a connection error, timeout or 5xx: the LRS is down; the batch stays PENDING with one more
  attempt and a backoff (next_attempt_at), and the run stops, so nothing later overtakes it;
- 409 or another 4xx for a batch: each statement is sent alone to find out which; alone, a 409
  (the LRS has that id) is SENT, another 4xx is FAILED with the LRS's answer (kept, not lost).
Only one sender runs at a time (a PostgreSQL advisory lock), so order holds across workers.

Video statements come from the viewing record after each report that added seconds
(`xapi_viewing_record`); `paused` and `seeked` follow jumps.py's one rule: new seconds that do
not continue from where the record last grew (the head, kept in ViewingTrail) are a jump,
paused at the head and seeked to where they begin.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

import requests
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from pdsite.progress.completion import completion_threshold_for
from pdsite.progress.models import ViewingRecord

from . import jumps, selectors, statements
from .jobs import XAPI_OUTBOX_SEND_TASK, enqueue_on_commit
from .models import Outbox, ViewingTrail

logger = logging.getLogger(__name__)

Status = Outbox.Status
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    # PENDING -> PENDING is a failed attempt being scheduled again.
    Status.PENDING: {Status.PENDING, Status.SENT, Status.FAILED},
    Status.SENT: set(),
    # FAILED -> PENDING: queued again by hand (outbox_retry_failed) after the cause is fixed.
    Status.FAILED: {Status.PENDING},
}
SEND_LOCK_KEY = 0x7A71_0001  # pg advisory lock: one sender at a time
XAPI_VERSION = "1.0.3"


class InvalidTransition(Exception):
    pass


# --- The outbox --------------------------------------------------------------------------


def outbox_enqueue(*, items: list[dict]) -> int:
    """Add statements to the outbox (those already in it are left as they are) and queue a send
    after commit. Returns how many were new. Does nothing when xAPI is off."""
    if not items or not selectors.xapi_enabled():
        return 0
    rows = [Outbox(statement_id=item["id"], statement=item, verb=item["verb"]["id"]) for item in items]
    before = Outbox.objects.filter(statement_id__in=[row.statement_id for row in rows]).count()
    Outbox.objects.bulk_create(rows, ignore_conflicts=True)
    added = len(rows) - before
    if added:
        enqueue_on_commit(XAPI_OUTBOX_SEND_TASK, args=[])
    return added


def outbox_transition(*, entry_ids: list[int], to: str, now, error: str = "") -> int:
    """The one place `Outbox.status` changes, for a batch of rows that share a status. Raises
    InvalidTransition for an illegal move. A move to PENDING counts an attempt and sets the
    backoff; returns the number of rows changed."""
    entries = Outbox.objects.filter(pk__in=entry_ids)
    for status in set(entries.values_list("status", flat=True)):
        if to not in ALLOWED_TRANSITIONS[status]:
            raise InvalidTransition(f"A {status} statement cannot become {to}.")
    if to == Status.SENT:
        return entries.update(status=to, sent_at=now, next_attempt_at=None, last_error="")
    if to == Status.FAILED:
        return entries.update(status=to, last_error=error[:2000], next_attempt_at=None)
    changed = 0
    for entry in entries.only("pk", "attempts", "status"):
        attempts = entry.attempts + 1 if entry.status == Status.PENDING and error else 0
        changed += Outbox.objects.filter(pk=entry.pk).update(
            status=to, attempts=attempts, next_attempt_at=now + backoff(attempts), last_error=error[:2000]
        )
    return changed


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failed attempt: base × 2^(attempts − 1), capped."""
    if attempts <= 0:
        return timedelta(0)
    seconds = settings.PDSITE_XAPI_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, settings.PDSITE_XAPI_RETRY_MAX_SECONDS))


def outbox_retry_failed(*, now=None) -> int:
    """Queue the statements the LRS refused again (after its configuration was fixed)."""
    ids = list(Outbox.objects.filter(status=Status.FAILED).values_list("pk", flat=True))
    return outbox_transition(entry_ids=ids, to=Status.PENDING, now=now or timezone.now()) if ids else 0


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    stopped: str = ""  # why the run stopped before the outbox was empty ("" if it did not)
    batches: list[int] = field(default_factory=list)


class LrsUnavailable(Exception):
    """The LRS did not answer, or answered 5xx: try again later."""


def outbox_send(*, now=None, max_batches: int = 100) -> SendResult:
    """Send pending statements in created order, a batch at a time, until the outbox is empty,
    the head of the queue is waiting out its backoff, or the LRS is down (see the module
    docstring). Returns quietly when xAPI is off or another sender holds the lock."""
    result = SendResult()
    if not selectors.xapi_enabled():
        result.stopped = "xAPI is off"
        return result
    with _sender_lock() as got_it:
        if not got_it:
            result.stopped = "another sender is running"
            return result
        for _ in range(max_batches):
            now_ = now or timezone.now()
            batch = list(
                Outbox.objects.filter(status=Status.PENDING).order_by("pk")[: settings.PDSITE_XAPI_BATCH_SIZE]
            )
            if not batch:
                break
            if batch[0].next_attempt_at and batch[0].next_attempt_at > now_:
                result.stopped = "waiting for the retry backoff"
                break
            try:
                _send_batch(batch, now=now_, result=result)
            except LrsUnavailable as error:
                # Those of the batch still pending (sent one by one, some may have gone).
                still = Outbox.objects.filter(pk__in=[e.pk for e in batch], status=Status.PENDING)
                waiting = list(still.values_list("pk", flat=True))
                outbox_transition(entry_ids=waiting, to=Status.PENDING, now=now_, error=str(error))
                logger.warning("xAPI: LRS unavailable, %s statements wait: %s", len(waiting), error)
                result.stopped = str(error)
                break
    return result


def _send_batch(batch: list[Outbox], *, now, result: SendResult) -> None:
    status, body = _post([entry.statement for entry in batch])
    if 200 <= status < 300:
        result.sent += outbox_transition(entry_ids=[e.pk for e in batch], to=Status.SENT, now=now)
        result.batches.append(len(batch))
        return
    if len(batch) > 1:
        # One statement in the batch is a duplicate or refused: find which, one at a time.
        for entry in batch:
            _send_batch([entry], now=now, result=result)
        return
    if status == 409:  # the LRS already has this id
        result.sent += outbox_transition(entry_ids=[batch[0].pk], to=Status.SENT, now=now)
        return
    logger.error("xAPI: the LRS refused statement %s (%s): %s", batch[0].statement_id, status, body)
    result.failed += outbox_transition(
        entry_ids=[batch[0].pk], to=Status.FAILED, now=now, error=f"HTTP {status}: {body}"
    )


def _post(items: list[dict]) -> tuple[int, str]:
    """POST statements; returns (status, body) for a 2xx or 4xx, raises LrsUnavailable else."""
    try:
        response = requests.post(
            f"{settings.PDSITE_XAPI_ENDPOINT}/statements",
            json=items,
            auth=(settings.PDSITE_XAPI_USERNAME, settings.PDSITE_XAPI_PASSWORD),
            headers={"X-Experience-API-Version": XAPI_VERSION},
            timeout=settings.PDSITE_XAPI_TIMEOUT_SECONDS,
        )
    except requests.RequestException as error:
        raise LrsUnavailable(f"LRS not reachable: {error.__class__.__name__}: {error}") from error
    if response.status_code >= 500:
        raise LrsUnavailable(f"LRS answered HTTP {response.status_code}: {response.text[:500]}")
    return response.status_code, response.text[:1000]


class _sender_lock:
    """A session-level PostgreSQL advisory lock (held outside any transaction, so sending does
    not keep one open); other databases have one process in development: always granted."""

    def __enter__(self) -> bool:
        self.held = False
        if connection.vendor != "postgresql":
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [SEND_LOCK_KEY])
            self.held = bool(cursor.fetchone()[0])
        return self.held

    def __exit__(self, *exc) -> None:
        if self.held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [SEND_LOCK_KEY])


# --- Statements from what the server recorded ---------------------------------------------


def xapi_viewing_record(*, user, video) -> int:
    """Queue the Video Profile statements the teacher's viewing record now supports: initialized
    (once); for each jump since the statements last made (jumps.py: the record's new seconds do
    not continue from the head), paused at the head and seeked to the new seconds; played (one
    per state of the unique watched seconds); completed (once, when the record is complete) and
    completed for every PD module that video finished. Built from the stored record, never from
    a player's report. Locks the viewing's trail (ViewingTrail) while it reads the record and
    moves the trail on, so two runs for one viewing take turns and a replay finds nothing new.
    Returns how many statements were new."""
    actor = selectors.actor_for(user)
    if actor is None or not video.duration or not selectors.xapi_enabled():
        return 0
    with transaction.atomic():
        trail, _ = ViewingTrail.objects.select_for_update().get_or_create(user=user, video=video)
        record = ViewingRecord.objects.filter(user=user, video=video).first()
        if record is None or not record.watched_intervals:
            return 0
        items = _video_statements(actor=actor, user=user, video=video, record=record, trail=trail)
        trail.save(update_fields=["described_intervals", "head", "updated_at"])
        return outbox_enqueue(items=items)


def _video_statements(*, actor: dict, user, video, record: ViewingRecord, trail: ViewingTrail) -> list[dict]:
    """The statements for `record` since `trail`, in the order they happened; moves `trail` on
    (the caller saves it)."""
    duration = float(video.duration)
    obj = statements.video_activity(iri=selectors.video_iri(video.pk), title=video.title)
    threshold = completion_threshold_for(video)
    seen_at = record.last_report_at or timezone.now()
    found, trail.head = jumps.jumps(before=trail.described_intervals, head=trail.head, after=record.watched_intervals)
    trail.described_intervals = record.watched_intervals
    # The `time` of played and completed: where the record last grew, not the player's claim.
    head = trail.head if trail.head is not None else float(record.last_position)
    items = [
        statements.video_initialized(
            actor=actor, video=obj, duration=duration, threshold=threshold, timestamp=record.first_report_at
        )
    ]
    for jump in found:
        common = {"actor": actor, "video": obj, "intervals": jump.watched, "duration": duration, "timestamp": seen_at}
        items.append(statements.video_paused(time=jump.time_from, **common))
        items.append(statements.video_seeked(time_from=jump.time_from, time_to=jump.time_to, **common))
    items.append(
        statements.video_played(
            actor=actor,
            video=obj,
            intervals=record.watched_intervals,
            duration=duration,
            time=head,
            timestamp=seen_at,
        )
    )
    if record.completed_at:
        completed = statements.video_completed(
            actor=actor,
            video=obj,
            intervals=record.watched_intervals,
            duration=duration,
            threshold=threshold,
            time=head,
            timestamp=record.completed_at,
        )
        items.append(completed)
        # A module completes with its last clip: look once, when this video's completion is new.
        already = Outbox.objects.filter(statement_id=completed["id"]).exists()
        for module in [] if already else selectors.modules_completed_with(user=user, video_id=video.pk):
            module_obj = statements.activity(
                iri=selectors.module_iri(module.pk), activity_type=statements.MODULE_ACTIVITY_TYPE, title=module.title
            )
            items.append(statements.activity_completed(actor=actor, obj=module_obj, timestamp=record.completed_at))
    return items


def xapi_step_completed(*, progress) -> int:
    """Queue `completed` for a pathway step a teacher has done (StepProgress), once."""
    step, pathway = progress.step, progress.step.pathway
    return _queue_completed(
        user=progress.enrolment.user,
        obj=(selectors.step_iri(pathway.pk, step.pk), statements.STEP_ACTIVITY_TYPE, step.title),
        parent=(selectors.pathway_iri(pathway.pk), statements.COURSE_ACTIVITY_TYPE, pathway.title),
        timestamp=progress.completed_at,
    )


def xapi_gap_task_completed(*, submission) -> int:
    """Queue `completed` for a Work Group gap task a participant has submitted, once (a
    replaced submission says nothing new), with the Work Group as its parent."""
    task, group = submission.task, submission.task.work_group
    return _queue_completed(
        user=submission.participant.user,
        obj=(selectors.gap_task_iri(group.pk, task.pk), statements.TASK_ACTIVITY_TYPE, task.title),
        parent=(selectors.work_group_iri(group.pk), statements.COURSE_ACTIVITY_TYPE, group.title),
        timestamp=submission.submitted_at,
    )


def _queue_completed(*, user, obj: tuple[str, str, str], parent: tuple[str, str, str], timestamp) -> int:
    """Queue `completed` of the activity `obj` (iri, type, title) inside `parent`, for `user`
    (nothing when the site cannot name them: selectors.actor_for)."""
    actor = selectors.actor_for(user)
    if actor is None:
        return 0
    activity = [statements.activity(iri=iri, activity_type=kind, title=title) for iri, kind, title in (obj, parent)]
    item = statements.activity_completed(actor=actor, obj=activity[0], timestamp=timestamp, parent=activity[1])
    return outbox_enqueue(items=[item])

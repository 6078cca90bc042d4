"""The outbox's state machine and backoff, without an LRS."""

import datetime

import pytest
from django.utils import timezone

from pdsite.xapi import statements as s
from pdsite.xapi.models import Outbox
from pdsite.xapi.services import InvalidTransition, backoff, outbox_enqueue, outbox_retry_failed, outbox_transition

WHEN = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def on(settings):
    settings.PDSITE_XAPI_ENDPOINT = "http://127.0.0.1:9/xAPI"


def _items(count):
    actor, video = s.actor_mbox(email="jo@school.example.org"), s.video_activity(iri="https://pd.example.org/v/1", title="V")
    return [
        s.video_played(actor=actor, video=video, intervals=[[0, n + 1]], duration=100, time=n + 1, timestamp=WHEN)
        for n in range(count)
    ]


def test_the_backoff_doubles_up_to_its_cap_when_attempts_fail(settings):
    settings.PDSITE_XAPI_RETRY_BASE_SECONDS, settings.PDSITE_XAPI_RETRY_MAX_SECONDS = 30, 100
    assert [backoff(n).total_seconds() for n in range(5)] == [0, 30, 60, 100, 100]


def test_queueing_the_same_statements_again_adds_nothing_when_they_are_in_the_outbox(on, db):
    assert outbox_enqueue(items=_items(3)) == 3
    assert outbox_enqueue(items=_items(4)) == 1
    assert [str(i) for i in Outbox.objects.values_list("statement_id", flat=True)] == [i["id"] for i in _items(4)]


def test_a_sent_statement_never_goes_back_when_asked_to(on, db):
    outbox_enqueue(items=_items(1))
    row = Outbox.objects.get()
    outbox_transition(entry_ids=[row.pk], to=Outbox.Status.SENT, now=timezone.now())
    with pytest.raises(InvalidTransition):
        outbox_transition(entry_ids=[row.pk], to=Outbox.Status.PENDING, now=timezone.now(), error="again")
    row.refresh_from_db()
    assert row.status == Outbox.Status.SENT and row.sent_at is not None


def test_a_failed_statement_is_queued_afresh_when_retried(on, db):
    outbox_enqueue(items=_items(1))
    row = Outbox.objects.get()
    now = timezone.now()
    outbox_transition(entry_ids=[row.pk], to=Outbox.Status.PENDING, now=now, error="HTTP 503")
    row.refresh_from_db()
    assert row.attempts == 1 and row.next_attempt_at > now and row.last_error == "HTTP 503"
    outbox_transition(entry_ids=[row.pk], to=Outbox.Status.FAILED, now=now, error="HTTP 400: bad")
    assert outbox_retry_failed(now=now) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at, row.last_error) == (Outbox.Status.PENDING, 0, now, "")


def test_nothing_is_queued_when_xapi_is_off(settings, db):
    settings.PDSITE_XAPI_ENDPOINT = ""
    assert outbox_enqueue(items=_items(2)) == 0
    assert not Outbox.objects.exists()

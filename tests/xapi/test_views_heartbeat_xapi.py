"""The heartbeat with xAPI on: an unreachable LRS neither fails nor loses a report; the
statements wait in the outbox and go out, in order, once it answers; a report the progress
service refuses sends nothing."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from pdsite.xapi import statements as s
from pdsite.xapi.models import Outbox, ViewingTrail
from pdsite.xapi.selectors import video_iri
from pdsite.xapi.services import outbox_send
from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import UserFactory
from tests.support.progress import age_viewing, watch

URL = reverse("progress:heartbeat")
pytestmark = pytest.mark.service


@pytest.fixture
def video(db):
    return PDVideoPageFactory(video__duration=60.0).video


def test_the_heartbeat_answers_and_statements_wait_when_the_lrs_is_down(
    client, settings, lrs, video, django_capture_on_commit_callbacks
):
    teacher = UserFactory(username="xapi-ivy", email="ivy@school.example.org", groups=["Teachers"])
    client.force_login(teacher)
    settings.PDSITE_XAPI_ENDPOINT = "http://127.0.0.1:9/xAPI"  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"video": video.pk, "ranges": json.dumps([[0, 6]]), "position": "6"})

    assert response.status_code == 200
    assert response.json()["watched_seconds"] == 6.0
    waiting = list(Outbox.objects.order_by("pk"))
    assert [row.verb for row in waiting] == [s.VERBS["initialized"], s.VERBS["played"]]
    assert all(row.status == Outbox.Status.PENDING and row.attempts == 1 for row in waiting)

    settings.PDSITE_XAPI_ENDPOINT = lrs.endpoint  # the LRS is back; beat's next run sends
    assert outbox_send(now=timezone.now() + datetime.timedelta(seconds=settings.PDSITE_XAPI_RETRY_MAX_SECONDS)).sent == 2
    assert [st["id"] for st in lrs.statements(activity=video_iri(video.pk))] == [str(r.statement_id) for r in waiting]


def test_a_forged_report_emits_nothing_when_the_progress_service_refuses_it(
    client, lrs, video, django_capture_on_commit_callbacks
):
    teacher = UserFactory(username="xapi-nia", email="nia@school.example.org", groups=["Teachers"])
    client.force_login(teacher)
    record = watch(teacher, video, (0, 10), on_commit=django_capture_on_commit_callbacks)
    queued = list(Outbox.objects.values_list("statement_id", flat=True))
    trail = ViewingTrail.objects.values("described_intervals", "head").get(user=teacher, video=video)
    age_viewing(record, 10)

    forged = [
        {"video": video.pk, "ranges": json.dumps([[0, 10], [50, 90]]), "position": "90"},  # past the 60 s end
        {"video": video.pk, "ranges": json.dumps([[0, 10], [-5, 20]])},  # before the start
        {"video": video.pk, "ranges": json.dumps([[0, 10], [40, 50]]), "user": str(teacher.pk + 1)},  # someone else
        {"video": video.pk, "ranges": json.dumps([[0, 10]]), "position": "45"},  # a claimed seek, no new seconds
    ]
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(URL, data).status_code for data in forged]

    assert answers == [400, 400, 403, 200]
    assert list(Outbox.objects.values_list("statement_id", flat=True)) == queued
    assert ViewingTrail.objects.values("described_intervals", "head").get(user=teacher, video=video) == trail
    assert s.VERBS["seeked"] not in {st["verb"]["id"] for st in lrs.statements(activity=video_iri(video.pk))}

    # The same jump, accepted: now it is sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, {"video": video.pk, "ranges": json.dumps([[0, 10], [40, 50]])}).status_code == 200
    played = lrs.statements(activity=video_iri(video.pk), verb=s.VERBS["played"])
    assert played[-1]["result"]["extensions"][s.TIME] == 50.0  # not the forged position 45
    seeked = lrs.statements(activity=video_iri(video.pk), verb=s.VERBS["seeked"])
    assert [(st["result"]["extensions"][s.TIME_FROM], st["result"]["extensions"][s.TIME_TO]) for st in seeked] == [
        (10.0, 40.0)
    ]

"""The heartbeat with xAPI on: an unreachable LRS neither fails nor loses a report; the
statements wait in the outbox and go out, in order, once it answers."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from pdsite.xapi import statements as s
from pdsite.xapi.models import Outbox
from pdsite.xapi.selectors import video_iri
from pdsite.xapi.services import outbox_send
from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import UserFactory

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

import json

import pytest
from django.test import Client
from django.urls import reverse

from pdsite.progress.models import ViewingRecord
from pdsite.videos.models import Video
from tests.factories.courses import PDVideoPageFactory

URL = reverse("progress:heartbeat")


@pytest.fixture
def video(db):
    """A READY video a live clip page shows (the only kind a teacher may report on)."""
    return PDVideoPageFactory(video__duration=60.0).video


def test_signed_in_teacher_report_is_stored_when_ranges_are_valid(client, teacher, video):
    client.force_login(teacher)
    response = client.post(URL, {"video": video.pk, "ranges": json.dumps([[0, 6]]), "position": "6"})
    assert response.status_code == 200
    assert response.json() == {"watched_seconds": 6.0, "percent_watched": 10, "completed": False}
    assert ViewingRecord.objects.get(user=teacher, video=video).last_position == 6


def test_anonymous_report_is_refused_when_nobody_is_signed_in(client, video):
    response = client.post(URL, {"video": video.pk, "ranges": "[[0, 6]]"})
    assert response.status_code == 403
    assert not ViewingRecord.objects.exists()


def test_report_without_csrf_token_is_refused_when_forged_cross_site(teacher, video):
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    response = client.post(URL, {"video": video.pk, "ranges": "[[0, 6]]"})
    assert response.status_code == 403
    assert not ViewingRecord.objects.exists()


@pytest.mark.parametrize(
    "data, status",
    [
        ({"ranges": "[[0, 6]]"}, 400),
        ({"video": "abc", "ranges": "[[0, 6]]"}, 400),
        ({"video": "1", "ranges": "not json"}, 400),
        ({"video": "999999", "ranges": "[[0, 6]]"}, 404),
    ],
)
def test_malformed_report_gets_a_clear_4xx_when_fields_are_wrong(client, teacher, video, data, status):
    client.force_login(teacher)
    response = client.post(URL, data)
    assert response.status_code == status
    assert response.json()["error"]
    assert not ViewingRecord.objects.exists()


def test_negative_range_is_refused_with_reason_when_reported(client, teacher, video):
    client.force_login(teacher)
    response = client.post(URL, {"video": video.pk, "ranges": "[[-5, 2]]"})
    assert response.status_code == 400
    assert "start" in response.json()["error"]


def test_get_is_not_allowed(client, teacher):
    client.force_login(teacher)
    assert client.get(URL).status_code == 405


@pytest.mark.parametrize(
    "ranges, reason",
    [("[[0, 1000000]]", "only 60 s long"), ("[[70, 80]]", "only 60 s long"), ('"nonsense"', "pairs")],
)
def test_forged_ranges_get_a_clear_400_and_change_nothing_when_posted(client, teacher, video, ranges, reason):
    client.force_login(teacher)
    response = client.post(URL, {"video": video.pk, "ranges": ranges})
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert not ViewingRecord.objects.exists()


def test_report_for_another_user_is_refused_when_user_field_is_forged(client, teacher, pd_lead, video):
    client.force_login(teacher)
    response = client.post(URL, {"video": video.pk, "ranges": "[[0, 6]]", "user": str(pd_lead.pk)})
    assert response.status_code == 403
    assert "your own" in response.json()["error"]
    assert not ViewingRecord.objects.exists()


def test_report_for_a_video_still_processing_is_refused_when_posted(client, teacher, db):
    video = PDVideoPageFactory(video__status=Video.Status.TRANSCODING, video__duration=60.0).video
    client.force_login(teacher)
    response = client.post(URL, {"video": video.pk, "ranges": "[[0, 6]]"})
    assert response.status_code == 400
    assert "not ready" in response.json()["error"]


def test_beacon_report_is_accepted_when_csrf_token_is_in_the_form(teacher, video):
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(URL, {"video": video.pk, "ranges": "[[0, 6]]", "csrfmiddlewaretoken": token})
    assert response.status_code == 200


def test_heartbeat_stays_lean_when_a_teacher_reports(client, teacher, video, django_assert_max_num_queries):
    """Session, user, video, the one access rule (live clip pages showing it: one query),
    the record read and its compare-and-set write: no template work."""
    client.force_login(teacher)
    client.post(URL, {"video": video.pk, "ranges": "[[0, 5]]"})
    with django_assert_max_num_queries(6):
        response = client.post(URL, {"video": video.pk, "ranges": "[[0, 8]]", "position": "8"})
    assert response.status_code == 200

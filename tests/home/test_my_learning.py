import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pdsite.courses.models import PDVideoPage
from pdsite.courses.services import progress_record_heartbeat
from pdsite.videos.models import Video
from tests.factories.videos import VideoFactory

URL = reverse("home:my_learning")


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_teacher_sees_percent_watched_for_each_video(client, teacher, clip_library):
    video = VideoFactory(status=Video.Status.READY, duration=50)
    page = clip_library.add_child(instance=PDVideoPage(title="Counters and zero pairs", video=video))
    page.save_revision().publish()
    progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])
    client.force_login(teacher)
    html = client.get(URL).content.decode()
    assert "Counters and zero pairs" in html
    assert "20 % watched" in html


def test_teacher_sees_only_their_own_progress(client, teacher, pd_lead, db):
    video = VideoFactory(status=Video.Status.READY, duration=50)
    progress_record_heartbeat(user=pd_lead, video=video, ranges=[[0, 10]])
    client.force_login(teacher)
    assert "watched any videos yet" in client.get(URL).content.decode()


def test_query_count_is_constant_when_teacher_has_many_records(client, teacher, clip_library):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    client.force_login(teacher)
    for n in range(2):
        video = VideoFactory(status=Video.Status.READY, duration=50)
        clip_library.add_child(instance=PDVideoPage(title=f"Clip {n}", video=video)).save_revision().publish()
        progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])
    few = queries()
    for n in range(2, 12):
        video = VideoFactory(status=Video.Status.READY, duration=50)
        clip_library.add_child(instance=PDVideoPage(title=f"Clip {n}", video=video)).save_revision().publish()
        progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])
    assert queries() == few

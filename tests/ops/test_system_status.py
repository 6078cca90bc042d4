"""The System status screen in the Wagtail admin: superusers only; the readiness checks, the
queue, the failed videos and their Retry button (a real retry: the transcode runs eagerly)."""

import pytest
from django.core.files import File
from django.urls import reverse

from pdsite.videos.models import Video
from tests.factories.users import UserFactory
from tests.factories.videos import VideoFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_superuser_sees_checks_queue_and_failed_videos(sign_in, superuser):
    VideoFactory(status=Video.Status.UPLOADED)
    VideoFactory(title="Broken upload", status=Video.Status.FAILED, failure_stage=Video.Stage.PROBE,
                 failure_reason="ffprobe found no video stream.")
    VideoFactory(title="A child's lesson", status=Video.Status.FAILED, private=True)
    response = sign_in(superuser).get(reverse("system_status:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Database", "Broker", "Search", "Storage"):
        assert f'<th scope="row">{name}</th>' in html
    assert "Every service answered: the site is ready." in html
    assert "<dt>Waiting</dt><dd>1 video</dd>" in html
    assert "Broken upload" in html and "ffprobe found no video stream." in html
    assert "Retry Broken upload" in html
    # A private recording is counted, never named (the one rule hides it from superusers).
    assert "A child&#x27;s lesson" not in html and "A child's lesson" not in html
    assert "1 private lesson recording also failed" in html


def test_status_page_says_which_service_failed(sign_in, superuser, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    html = sign_in(superuser).get(reverse("system_status:index")).content.decode()
    assert "the site is not ready" in html
    assert "Cannot reach the broker (redis at 127.0.0.1:9)" in html


def test_pd_lead_is_refused_the_screen_and_the_retry(sign_in, pd_lead):
    failed = VideoFactory(status=Video.Status.FAILED)
    client = sign_in(pd_lead)
    response = client.get(reverse("system_status:index"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    response = client.post(reverse("system_status:retry", args=[failed.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    failed.refresh_from_db()
    assert failed.status == Video.Status.FAILED


def test_teacher_without_admin_access_gets_the_admin_sign_in(sign_in, teacher):
    response = sign_in(teacher).get(reverse("system_status:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.slow
def test_retry_queues_a_failed_video_again_and_it_transcodes(
    sign_in, superuser, sample_clip, django_capture_on_commit_callbacks
):
    path, _ = sample_clip
    with open(path, "rb") as handle:
        video = VideoFactory(title="Bar models", status=Video.Status.FAILED, failure_stage=Video.Stage.TRANSCODE,
                             failure_reason="Worker lost.", source=File(handle, name="sample.mp4"))
    client = sign_in(superuser, enforce_csrf=True)
    page = client.get(reverse("system_status:index"))
    token = page.context["csrf_token"]
    assert client.post(reverse("system_status:retry", args=[video.pk])).status_code == 403  # no CSRF token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("system_status:retry", args=[video.pk]), {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302 and response["Location"] == reverse("system_status:index")
    video.refresh_from_db()
    assert video.status == Video.Status.READY, video.failure_reason
    assert "“Bar models” is queued for transcoding again." in client.get(reverse("system_status:index")).content.decode()


def test_retry_of_a_video_that_has_not_failed_says_why(sign_in, superuser):
    ready = VideoFactory(status=Video.Status.READY)
    client = sign_in(superuser)
    response = client.post(reverse("system_status:retry", args=[ready.pk]), follow=True)
    assert "Only a failed video can be retried; this one is ready." in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Video.Status.READY


def test_retry_of_a_private_or_unknown_video_is_no_such_video(sign_in, superuser):
    private = VideoFactory(status=Video.Status.FAILED, private=True)
    client = sign_in(superuser)
    for video_id in (private.pk, 999_999):
        response = client.post(reverse("system_status:retry", args=[video_id]))
        assert response.status_code == 404
    private.refresh_from_db()
    assert private.status == Video.Status.FAILED


def test_get_of_retry_is_refused(sign_in, superuser):
    failed = VideoFactory(status=Video.Status.FAILED)
    assert sign_in(superuser).get(reverse("system_status:retry", args=[failed.pk])).status_code == 405

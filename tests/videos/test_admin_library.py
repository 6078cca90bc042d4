"""The admin video library list, inspect view, Retry button, chooser, and retranscode_videos."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pdsite.videos.models import Video
from tests.factories.videos import VideoFactory


@pytest.fixture
def admin_client(sign_in, pd_lead):
    return sign_in(pd_lead)


def _failed(**kwargs):
    return VideoFactory(status=Video.Status.FAILED, failure_stage="probe", failure_reason="This file is empty.", **kwargs)


def test_library_lists_status_progress_bar_and_problem_when_videos_are_in_every_state(admin_client, db):
    VideoFactory(title="Halfway", status=Video.Status.TRANSCODING, progress=0.42)
    _failed(title="Broken")
    response = admin_client.get(reverse("video_library:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<progress max="100" value="42"' in html
    assert "This file is empty." in html and "Checking the file" in html


def test_library_filters_by_status_when_asked(admin_client, db):
    VideoFactory(title="Halfway clip", status=Video.Status.TRANSCODING)
    _failed(title="Broken clip")
    html = admin_client.get(reverse("video_library:index"), {"status": "failed"}).content.decode()
    assert "Broken clip" in html and "Halfway clip" not in html


def test_inspect_shows_failure_and_retry_button_when_video_failed(admin_client, db):
    video = _failed(title="Broken")
    html = admin_client.get(reverse("video_library:inspect", args=[video.pk])).content.decode()
    assert "This file is empty." in html
    assert reverse("video_library:retry", args=[video.pk]) in html and "csrfmiddlewaretoken" in html


@pytest.mark.slow
def test_inspect_lists_renditions_when_video_is_ready(admin_client, ready_video):
    html = admin_client.get(reverse("video_library:inspect", args=[ready_video.pk])).content.decode()
    assert "360p" in html and "audio only" in html and "avc1." in html
    assert reverse("video_library:retry", args=[ready_video.pk]) not in html


def test_retry_requeues_a_failed_video_when_posted(admin_client, db, django_capture_on_commit_callbacks):
    video = _failed()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(reverse("video_library:retry", args=[video.pk]))
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.status == Video.Status.UPLOADED and video.failure_reason == ""
    assert len(callbacks) == 1, "the transcode is queued after commit"


def test_retry_is_refused_when_not_posted_or_user_is_a_teacher(client, teacher, admin_client, db):
    video = _failed()
    assert admin_client.get(reverse("video_library:retry", args=[video.pk])).status_code == 405
    client.force_login(teacher)
    client.post(reverse("video_library:retry", args=[video.pk]))
    video.refresh_from_db()
    assert video.status == Video.Status.FAILED


def test_chooser_lists_videos_when_opened(admin_client, db):
    VideoFactory(title="Zero pairs")
    response = admin_client.get(reverse("video_chooser:choose"))
    assert response.status_code == 200
    assert "Zero pairs" in response.json()["html"]


def test_chooser_lists_ready_videos_first_and_marks_failed_ones_with_their_problem(admin_client, db):
    VideoFactory(
        title="Broken fractions", status=Video.Status.FAILED, failure_reason="This file is a still image, not a video."
    )
    VideoFactory(title="Processing ratio", status=Video.Status.TRANSCODING)
    VideoFactory(title="Ready bar models", status=Video.Status.READY)
    html = admin_client.get(reverse("video_chooser:choose")).json()["html"]
    assert html.index("Ready bar models") < html.index("Processing ratio") < html.index("Broken fractions")
    assert "<strong>Failed</strong>: This file is a still image, not a video." in html


def test_chooser_searches_titles_and_filters_by_status(admin_client, db):
    VideoFactory(title="Bar models for ratio", status=Video.Status.READY)
    VideoFactory(title="Bar models for fractions", status=Video.Status.TRANSCODING)
    VideoFactory(title="Zero pairs", status=Video.Status.READY)
    results = reverse("video_chooser:choose_results")
    html = admin_client.get(results, {"q": "bar models"}).content.decode()
    assert "Bar models for ratio" in html and "Bar models for fractions" in html and "Zero pairs" not in html
    html = admin_client.get(results, {"q": "bar", "status": "ready"}).content.decode()
    assert "Bar models for ratio" in html and "Bar models for fractions" not in html
    assert 'name="status"' in admin_client.get(reverse("video_chooser:choose")).json()["html"]


def test_video_page_uses_the_video_chooser_when_edited(db):
    from pdsite.courses.models import PDVideoPage
    from pdsite.videos.wagtail_hooks import video_chooser_viewset

    form_class = PDVideoPage.get_edit_handler().get_form_class()
    assert isinstance(form_class.base_fields["video"].widget, video_chooser_viewset.widget_class)


def test_retranscode_command_queues_only_failed_videos_when_told(db, django_capture_on_commit_callbacks):
    ok = VideoFactory(status=Video.Status.READY)
    broken = _failed()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("retranscode_videos", "--failed")
    assert len(callbacks) == 1
    broken.refresh_from_db()
    ok.refresh_from_db()
    assert broken.status == Video.Status.UPLOADED and ok.status == Video.Status.READY


def test_retranscode_command_queues_given_ids_and_refuses_unknown_ones(db, django_capture_on_commit_callbacks):
    video = VideoFactory(status=Video.Status.READY)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("retranscode_videos", str(video.pk))
    assert len(callbacks) == 1
    with pytest.raises(CommandError, match="No video with id 999999"):
        call_command("retranscode_videos", "999999")

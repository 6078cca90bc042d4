import json

import pytest
from django.urls import reverse

from pdsite.courses.models import PDVideoPage
from pdsite.videos.models import Video
from tests.factories.videos import VideoFactory

# What the Draftail editor posts for an empty rich-text field.
EMPTY_RICH_TEXT = json.dumps({"blocks": [], "entityMap": {}})


def test_unit_page_lists_only_live_clips_when_some_are_drafts(client, unit_page, db):
    video = VideoFactory(status=Video.Status.READY, duration=30)
    live = unit_page.add_child(instance=PDVideoPage(title="Term-to-term first", video=video))
    live.save_revision().publish()
    unit_page.add_child(instance=PDVideoPage(title="Draft clip", video=video, live=False))
    html = client.get(unit_page.url).content.decode()
    assert "Term-to-term first" in html
    assert "Draft clip" not in html


def test_clip_page_shows_a_notice_instead_of_a_player_when_video_is_not_ready(client, unit_page, db):
    video = VideoFactory(status=Video.Status.PROCESSING)
    page = unit_page.add_child(instance=PDVideoPage(title="Still processing", video=video))
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "being prepared" in html
    assert "data-player" not in html


@pytest.mark.slow
def test_clip_page_has_player_captions_and_report_url_when_teacher_is_signed_in(client, teacher, video_page):
    client.force_login(teacher)
    html = client.get(video_page.url).content.decode()
    assert f'data-src="/videos/{video_page.video_id}/hls/master.m3u8"' in html
    assert f'src="/videos/{video_page.video_id}/captions/en.vtt"' in html
    assert f'data-report-url="{reverse("courses:heartbeat")}"' in html
    assert "vendor/hls.js/hls.min.js" in html


@pytest.mark.slow
def test_clip_page_does_not_report_progress_when_visitor_is_anonymous(client, video_page):
    html = client.get(video_page.url).content.decode()
    assert "data-player" in html
    assert "data-report-url" not in html


def test_publishing_is_refused_with_a_message_when_video_is_not_ready(client, pd_lead, unit_page, db):
    video = VideoFactory(title="Half-done clip", status=Video.Status.PROCESSING)
    client.force_login(pd_lead)
    url = reverse("wagtailadmin_pages:add", args=["courses", "pdvideopage", unit_page.pk])
    response = client.post(
        url, {"title": "Clip", "slug": "clip", "video": video.pk, "summary": EMPTY_RICH_TEXT, "action-publish": "publish"}
    )
    assert response.status_code == 200
    assert "not ready" in response.content.decode()
    assert not PDVideoPage.objects.filter(live=True).exists()


def test_saving_a_draft_is_allowed_when_video_is_not_ready(client, pd_lead, unit_page, db):
    video = VideoFactory(status=Video.Status.PROCESSING)
    client.force_login(pd_lead)
    url = reverse("wagtailadmin_pages:add", args=["courses", "pdvideopage", unit_page.pk])
    response = client.post(url, {"title": "Clip", "slug": "clip", "video": video.pk, "summary": EMPTY_RICH_TEXT})
    assert response.status_code == 302
    assert PDVideoPage.objects.get(slug="clip").live is False

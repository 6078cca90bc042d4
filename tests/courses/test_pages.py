"""Page types, the tree rules between them, and what each shows a teacher."""

import json

import pytest
from django.urls import reverse

from pdsite.courses.models import (
    BigIdea,
    ClipLibraryPage,
    CurriculumIndexPage,
    PDModulePage,
    PDVideoPage,
    UnitPage,
)
from pdsite.home.models import HomePage
from pdsite.videos.models import Video
from tests.factories.courses import ModuleIndexPageFactory, PDModulePageFactory, PDVideoPageFactory, clip_block
from tests.factories.videos import VideoFactory

# What the Draftail editor posts for an empty rich-text field.
EMPTY_RICH_TEXT = json.dumps({"blocks": [], "entityMap": {}})


def test_tree_rules_keep_each_page_type_in_its_section():
    assert PDVideoPage.allowed_parent_page_models() == [ClipLibraryPage]
    assert UnitPage.allowed_parent_page_models() == [CurriculumIndexPage]
    assert set(HomePage.allowed_subpage_models()) >= {CurriculumIndexPage, ClipLibraryPage}
    assert PDVideoPage.allowed_subpage_models() == []


def test_unit_page_lists_only_live_clips_linked_to_it(client, unit_page, unit, clip_library):
    PDVideoPageFactory(parent=clip_library, title="Term-to-term first", units=[unit])
    PDVideoPageFactory(parent=clip_library, title="Draft clip", units=[unit], live=False)
    PDVideoPageFactory(parent=clip_library, title="Other unit's clip")
    html = client.get(unit_page.url).content.decode()
    assert "Term-to-term first" in html
    assert "Draft clip" not in html
    assert "Other unit&#x27;s clip" not in html and "Other unit's clip" not in html


def test_clip_page_lists_its_units_and_big_ideas(client, unit_page, unit, clip_library):
    coherence = BigIdea.objects.get(slug="coherence")
    clip = PDVideoPageFactory(parent=clip_library, title="Linear or not?", units=[unit], big_ideas=[coherence])
    html = client.get(clip.url).content.decode()
    assert unit_page.url in html
    assert "Coherence" in html


def test_unpublished_clip_is_404_when_a_teacher_guesses_its_url(client, teacher, clip_library):
    clip = PDVideoPageFactory(parent=clip_library, title="Secret draft", live=False)
    client.force_login(teacher)
    assert client.get(f"{clip_library.url}{clip.slug}/").status_code == 404


def test_clip_page_shows_a_notice_instead_of_a_player_when_video_is_not_ready(client, clip_library):
    clip = PDVideoPageFactory(parent=clip_library, title="Still processing", video__status=Video.Status.TRANSCODING)
    html = client.get(clip.url).content.decode()
    assert "being prepared" in html
    assert "data-player" not in html


@pytest.mark.slow
def test_clip_page_has_player_captions_and_report_url_when_teacher_is_signed_in(client, teacher, video_page):
    client.force_login(teacher)
    html = client.get(video_page.url).content.decode()
    assert f'data-src="/videos/{video_page.video_id}/hls/master.m3u8"' in html
    assert f'src="/videos/{video_page.video_id}/captions/en.vtt"' in html
    assert f'data-report-url="{reverse("progress:heartbeat")}"' in html
    assert "vendor/hls.js/hls.min.js" in html


@pytest.mark.slow
def test_clip_page_asks_an_anonymous_visitor_to_sign_in_instead_of_playing(client, video_page):
    html = client.get(video_page.url).content.decode()
    # Media is private: no stream address, no progress reports, a way to sign in and come back.
    assert "Sign in to watch this clip" in html
    assert f'/accounts/login/?next={video_page.url}' in html
    assert "data-src" not in html and "data-report-url" not in html


def test_clip_library_filters_by_big_idea_and_duration(client, clip_library, unit):
    variation = BigIdea.objects.get(slug="variation")
    PDVideoPageFactory(parent=clip_library, title="Seeing the squares", big_ideas=[variation], video__duration=240)
    PDVideoPageFactory(parent=clip_library, title="Long workshop recording", big_ideas=[variation], video__duration=1800)
    PDVideoPageFactory(parent=clip_library, title="Balancing both sides", video__duration=200)
    html = client.get(clip_library.url, {"big_idea": "variation", "duration": "short"}).content.decode()
    assert "Seeing the squares" in html
    assert "Long workshop recording" not in html
    assert "Balancing both sides" not in html


def test_module_page_shows_its_clips_and_the_clip_lists_the_module(client, home_page, clip_library):
    clip = PDVideoPageFactory(parent=clip_library, title="Bar models for 3a + 2")
    modules = ModuleIndexPageFactory(parent=home_page, title="PD modules")
    module = PDModulePageFactory(
        parent=modules,
        title="Representation in KS3",
        kind=PDModulePage.Kind.BIG_IDEAS,
        body=[("text", "<p>Start here.</p>"), clip_block(clip), ("reflection", {"prompt": "What will you try?"})],
    )
    assert "Bar models for 3a + 2" in client.get(module.url).content.decode()
    assert "Representation in KS3" in client.get(clip.url).content.decode()


def _add_clip_url(library) -> str:
    return reverse("wagtailadmin_pages:add", args=["courses", "pdvideopage", library.pk])


@pytest.mark.parametrize("action", ["action-publish", "action-submit"])
def test_going_live_is_refused_with_a_message_when_video_is_not_ready(client, admin_user, clip_library, action):
    video = VideoFactory(title="Half-done clip", status=Video.Status.TRANSCODING)
    client.force_login(admin_user)
    response = client.post(
        _add_clip_url(clip_library),
        {"title": "Clip", "slug": "clip", "video": video.pk, "summary": EMPTY_RICH_TEXT, "chapters-count": 0, action: "x"},
    )
    assert response.status_code == 200
    assert "not ready" in response.content.decode()
    assert not PDVideoPage.objects.filter(live=True).exists()


def test_going_live_with_a_failed_video_says_it_failed_why_and_what_to_do(client, admin_user, clip_library):
    video = VideoFactory(
        title="Broken clip",
        status=Video.Status.FAILED,
        failure_stage=Video.Stage.PROBE,
        failure_reason="This file is a still image, not a video.",
    )
    client.force_login(admin_user)
    response = client.post(
        _add_clip_url(clip_library),
        {"title": "Clip", "slug": "clip", "video": video.pk, "summary": EMPTY_RICH_TEXT, "chapters-count": 0,
         "action-publish": "x"},
    )
    html = response.content.decode()
    assert "failed while checking the file and will not become ready by itself." in html
    assert "This file is a still image, not a video." in html and "Retry it" in html
    assert "publish once it has finished processing" not in html
    assert not PDVideoPage.objects.filter(slug="clip").exists()


def test_saving_a_draft_is_allowed_when_video_is_not_ready(client, pd_lead, clip_library):
    video = VideoFactory(status=Video.Status.TRANSCODING)
    client.force_login(pd_lead)
    response = client.post(
        _add_clip_url(clip_library),
        {"title": "Clip", "slug": "clip", "video": video.pk, "summary": EMPTY_RICH_TEXT, "chapters-count": 0},
    )
    assert response.status_code == 302
    assert PDVideoPage.objects.get(slug="clip").live is False


def test_a_clip_whose_picture_carries_meaning_publishes_only_once_described(client, admin_user, clip_library):
    from pdsite.videos.descriptions.selectors import Description
    from pdsite.videos.descriptions.services import descriptions_save

    video = VideoFactory(title="Counters moved", status=Video.Status.READY)
    client.force_login(admin_user)
    form = {"title": "Clip", "slug": "clip", "video": video.pk, "summary": EMPTY_RICH_TEXT, "chapters-count": 0,
            "picture_carries_meaning": "on", "action-publish": "x"}
    response = client.post(_add_clip_url(clip_library), form)
    assert response.status_code == 200
    assert "has no audio description yet, and this clip’s picture carries meaning" in response.content.decode()
    assert not PDVideoPage.objects.filter(slug="clip").exists()
    # A draft may be saved meanwhile; with descriptions written, publishing goes through.
    draft = {key: value for key, value in form.items() if key != "action-publish"}
    assert client.post(_add_clip_url(clip_library), draft).status_code == 302
    descriptions_save(video=video, language="en", cues=[Description(0, 1, "Three counters move.")], user=admin_user)
    page = PDVideoPage.objects.get(slug="clip")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), form)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.picture_carries_meaning

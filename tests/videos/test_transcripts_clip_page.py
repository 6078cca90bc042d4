"""The interactive transcript on the clip page, and its downloads."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from pdsite.videos.transcripts import services as transcripts
from pdsite.videos.models import Transcript, Video
from tests.factories.videos import VideoFactory

pytestmark = pytest.mark.slow


def download(client, video, fmt):
    return client.get(reverse("videos:transcript_download", args=[video.pk, "en", fmt]))


def test_the_clip_page_shows_the_transcript_beside_the_player(client, video_page, sample_clip):
    _, cues = sample_clip
    html = client.get(video_page.url).content.decode()
    assert 'data-transcript data-video-id="%d"' % video_page.video.pk in html
    assert 'label for="transcript-filter"' in html
    for cue in cues:
        assert f'data-start="{cue.start}"' in html and cue.text in html
    assert "videos/transcript.js" in html
    assert "Draft, needs review" not in html


def test_a_draft_transcript_is_badged_on_the_clip_page(client, video_page):
    Transcript.objects.filter(video=video_page.video).update(status=Transcript.Status.DRAFT)
    assert "Draft, needs review" in client.get(video_page.url).content.decode()


def test_the_transcript_downloads_as_webvtt_and_plain_text(client, video_page, sample_clip):
    _, cues = sample_clip
    vtt = download(client, video_page.video, "vtt")
    assert vtt.status_code == 200 and vtt["Content-Type"].startswith("text/vtt")
    assert vtt["Content-Disposition"] == 'attachment; filename="bar-models-en.vtt"'
    assert vtt.content.decode().startswith("WEBVTT") and cues[1].text in vtt.content.decode()
    text = download(client, video_page.video, "txt")
    assert text["Content-Disposition"] == 'attachment; filename="bar-models-en.txt"'
    assert text.content.decode().splitlines()[0] == f"[00:00:00] {cues[0].text}"


def test_downloads_follow_the_clip_pages_view_restrictions(client, teacher, video_page):
    PageViewRestriction.objects.create(page=video_page, restriction_type=PageViewRestriction.LOGIN)
    assert download(client, video_page.video, "txt").status_code == 404
    client.force_login(teacher)
    assert download(client, video_page.video, "txt").status_code == 200


def test_downloads_are_refused_when_no_live_page_shows_the_clip(client, teacher, pd_lead, video_page):
    video_page.unpublish()
    client.force_login(teacher)
    assert download(client, video_page.video, "vtt").status_code == 404
    client.force_login(pd_lead)  # transcript editors may always download
    assert download(client, video_page.video, "vtt").status_code == 200


def test_unknown_formats_and_missing_transcripts_are_404(client, db, video_page):
    assert download(client, video_page.video, "pdf").status_code == 404
    assert download(client, VideoFactory(status=Video.Status.READY), "vtt").status_code == 404


def test_captions_serve_the_current_cues_after_an_edit(client, teacher, video_page, django_capture_on_commit_callbacks):
    from pdsite.videos.pipeline.vtt import Cue

    client.force_login(teacher)  # captions, like all media, are for signed-in users
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.transcript_save_cues(video=video_page.video, cues=[Cue(0, 2, "Brand new words.")], user=None)
    captions = client.get(reverse("videos:captions", args=[video_page.video.pk, "en"])).content.decode()
    assert "Brand new words." in captions and "bar model" not in captions
    assert "Brand new words." in client.get(video_page.url).content.decode()

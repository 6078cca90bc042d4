"""Playlists, segments, captions and thumbnails as the player fetches them: signed-in only,
for videos a live clip page shows (tests/videos/test_access.py has the rule itself)."""

import time

import pytest
from django.core.files import File
from django.urls import reverse

from pdsite.videos import services
from pdsite.videos.models import Video
from pdsite.videos.selectors import media_url
from tests.factories.courses import PDVideoPageFactory
from tests.factories.videos import VideoFactory


@pytest.fixture
def shown_video(clip_library, ready_video):
    """`ready_video`, shown by a live clip page (so teachers may fetch it)."""
    PDVideoPageFactory(parent=clip_library, title="Bar models", video=ready_video)
    return ready_video


def _uris(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@pytest.mark.slow
def test_master_playlist_lists_variants_relative_when_video_is_ready(signed_in, shown_video):
    response = signed_in.get(reverse("videos:playlist", args=[shown_video.pk, "master.m3u8"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.apple.mpegurl"
    text = response.content.decode()
    assert "#EXT-X-STREAM-INF:BANDWIDTH=" in text and "CODECS=" in text and "RESOLUTION=640x360" in text
    assert "240p/index.m3u8" in text and "360p/index.m3u8" in text and "audio/index.m3u8" in text


@pytest.mark.slow
def test_variant_playlist_points_segments_at_presigned_urls_when_served(signed_in, shown_video):
    response = signed_in.get(reverse("videos:playlist", args=[shown_video.pk, "240p/index.m3u8"]))
    assert response.status_code == 200
    segments = _uris(response.content.decode())
    assert segments
    for url in segments:
        assert "seg_" in url and ("X-Amz-Signature" in url or url.startswith("/videos/media/"))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["master.m3u8", "240p/index.m3u8"])
def test_playlist_is_refused_when_signed_out(client, ready_video, name):
    assert client.get(reverse("videos:playlist", args=[ready_video.pk, name])).status_code == 403


@pytest.mark.slow
def test_captions_and_thumbnails_are_refused_when_signed_out(client, ready_video):
    assert client.get(reverse("videos:captions", args=[ready_video.pk, "en"])).status_code == 403
    assert client.get(reverse("videos:thumbnails", args=[ready_video.pk])).status_code == 403


@pytest.mark.slow
def test_thumbnails_track_points_tiles_at_the_signed_sprite_when_signed_in(signed_in, shown_video):
    response = signed_in.get(reverse("videos:thumbnails", args=[shown_video.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    tiles = _uris(response.content.decode())
    tiles = [line for line in tiles if "#xywh=" in line]
    assert tiles and all("sprite.jpg" in line for line in tiles)


@pytest.fixture
def local_ready_video(db, settings, sample_clip, clip_library, django_capture_on_commit_callbacks):
    """A READY video on local-disk storage (the embedded default), shown by a live clip page:
    segments via signed URLs."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"allow_overwrite": True}}}
    path, _ = sample_clip
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as handle:
        video = services.video_create(title="Local", source=File(handle, name="sample.mp4"))
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    PDVideoPageFactory(parent=clip_library, title="Local", video=video)
    return video


@pytest.mark.slow
def test_segment_is_served_to_signed_in_users_and_refused_when_signed_out(client, teacher, local_ready_video):
    client.force_login(teacher)
    text = client.get(reverse("videos:playlist", args=[local_ready_video.pk, "360p/index.m3u8"])).content.decode()
    segment_url = _uris(text)[0]
    assert segment_url.startswith("/videos/media/")

    response = client.get(segment_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp2t"
    assert b"".join(response.streaming_content)[:1] == b"\x47"  # MPEG-TS sync byte

    client.logout()
    assert client.get(segment_url).status_code == 403


@pytest.mark.slow
def test_segment_url_is_refused_when_tampered_with_or_expired(signed_in, teacher, settings, local_ready_video):
    url = media_url(f"{local_ready_video.output_prefix}/360p/seg_000.ts", user=teacher, video=local_ready_video)
    assert signed_in.get(url).status_code == 200
    assert signed_in.get(url[:-2] + ("xx" if not url.endswith("xx") else "yy")).status_code == 404
    assert signed_in.get(url.replace("/videos/media/", "/videos/media/x")).status_code == 404
    settings.PDSITE_MEDIA_URL_SECONDS = 1
    time.sleep(2.1)
    assert signed_in.get(url).status_code == 404


def test_source_file_cannot_be_fetched_through_a_forged_media_url(signed_in, db):
    video = VideoFactory()
    assert signed_in.get(f"/videos/media/{video.source.name}").status_code == 404


@pytest.mark.slow
@pytest.mark.parametrize("path", ["../../etc/passwd.m3u8", "999p/index.m3u8", "poster.m3u8"])
def test_unknown_playlist_is_404_when_path_is_not_a_rendition(signed_in, ready_video, path):
    response = signed_in.get(f"/videos/{ready_video.pk}/hls/{path}")
    assert response.status_code == 404


def test_playlist_is_404_when_video_is_not_playable(signed_in, db):
    video = VideoFactory(status=Video.Status.TRANSCODING)
    assert signed_in.get(reverse("videos:playlist", args=[video.pk, "master.m3u8"])).status_code == 404


@pytest.mark.slow
def test_captions_are_served_as_webvtt_when_a_transcript_exists(signed_in, shown_video, sample_clip):
    _, cues = sample_clip
    response = signed_in.get(reverse("videos:captions", args=[shown_video.pk, "en"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    text = response.content.decode()
    assert text.startswith("WEBVTT")
    assert cues[0].text in text


@pytest.mark.slow
def test_captions_are_404_when_language_has_none(signed_in, shown_video):
    assert signed_in.get(reverse("videos:captions", args=[shown_video.pk, "fr"])).status_code == 404


@pytest.mark.parametrize(
    "seconds, text",
    [(0, "0:00"), (6.5, "0:06"), (26.7, "0:26"), (59.6, "0:59"), (754, "12:34"), (7384.2, "2:03:04"), (None, "")],
)
def test_durations_read_as_the_players_clock_reads_them(seconds, text):
    """One rounding rule (issue #19, item 9): whole seconds rounded down, as player.js's clock,
    so a 26.7 s clip is 0:26 on its page, in search results and in the player."""
    from pdsite.search.selectors import Moment
    from pdsite.videos.templatetags.pdsite_video import minutes_seconds

    assert minutes_seconds(seconds) == text
    if seconds is not None:  # a search moment starts on a whole second
        assert Moment(start=int(seconds), snippet="", url="").timestamp == text


def test_player_offers_resume_when_teacher_has_a_saved_position(client, teacher, video_page):
    from tests.factories.courses import ViewingRecordFactory

    video = video_page.video
    type(video).objects.filter(pk=video.pk).update(duration=120)  # long enough to be worth resuming
    ViewingRecordFactory(user=teacher, video=video, last_position=72)
    client.force_login(teacher)
    html = client.get(video_page.url).content.decode()
    assert 'data-resume="' in html
    assert "Resume at 1:12" in html and "Start over" in html
    assert "Keyboard shortcuts" in html and 'data-action="rate"' in html


def test_player_offers_no_resume_when_saved_position_is_at_the_very_start(client, teacher, video_page):
    from tests.factories.courses import ViewingRecordFactory

    ViewingRecordFactory(user=teacher, video=video_page.video, last_position=1)
    client.force_login(teacher)
    assert "data-resume=" not in client.get(video_page.url).content.decode()

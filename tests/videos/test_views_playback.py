"""Playlists and captions as the player fetches them."""

import pytest
from django.urls import reverse

from pdsite.videos.models import Video
from tests.factories.videos import VideoFactory




@pytest.mark.slow
def test_master_playlist_lists_variants_relative_when_video_is_ready(client, ready_video):
    response = client.get(reverse("videos:playlist", args=[ready_video.pk, "master.m3u8"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.apple.mpegurl"
    text = response.content.decode()
    assert "#EXT-X-STREAM-INF:BANDWIDTH=" in text
    assert "240p/index.m3u8" in text and "360p/index.m3u8" in text


@pytest.mark.slow
def test_variant_playlist_points_segments_at_storage_urls_when_served(client, ready_video):
    response = client.get(reverse("videos:playlist", args=[ready_video.pk, "240p/index.m3u8"]))
    assert response.status_code == 200
    segments = [line for line in response.content.decode().splitlines() if line and not line.startswith("#")]
    assert segments
    for url in segments:
        assert "seg_" in url and (url.startswith("http") or url.startswith("/media/"))


@pytest.mark.slow
@pytest.mark.parametrize("path", ["../../etc/passwd.m3u8", "999p/index.m3u8", "poster.m3u8"])
def test_unknown_playlist_is_404_when_path_is_not_a_rendition(client, ready_video, path):
    response = client.get(f"/videos/{ready_video.pk}/hls/{path}")
    assert response.status_code == 404


def test_playlist_is_404_when_video_is_not_ready(client, db):
    video = VideoFactory(status=Video.Status.TRANSCODING)
    assert client.get(reverse("videos:playlist", args=[video.pk, "master.m3u8"])).status_code == 404


@pytest.mark.slow
def test_captions_are_served_as_webvtt_when_a_transcript_exists(client, ready_video, sample_clip):
    _, cues = sample_clip
    response = client.get(reverse("videos:captions", args=[ready_video.pk, "en"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    text = response.content.decode()
    assert text.startswith("WEBVTT")
    assert cues[0].text in text


@pytest.mark.slow
def test_captions_are_404_when_language_has_none(client, ready_video):
    assert client.get(reverse("videos:captions", args=[ready_video.pk, "fr"])).status_code == 404


@pytest.mark.parametrize("seconds, text", [(0, "0:00"), (6.5, "0:06"), (59.6, "1:00"), (754, "12:34"), (None, "")])
def test_durations_read_as_minutes_and_seconds(seconds, text):
    from pdsite.videos.templatetags.pdsite_video import minutes_seconds

    assert minutes_seconds(seconds) == text

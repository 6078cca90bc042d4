"""Private videos (lesson recordings) are not part of the Wagtail video library for anyone,
not even a superuser: not listed, searched, chosen, inspected, edited or deleted there, nor in
the transcript editor; and their files are never handed out as presigned storage URLs."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.urls import reverse

from pdsite.videos.models import Video
from pdsite.videos.selectors import media_file_from_token, media_url
from pdsite.videos.transcripts.services import transcript_import
from tests.factories.videos import VideoFactory

def stable(content: bytes) -> bytes:
    """The body without what differs on every response (CSP nonces, CSRF tokens)."""
    return re.sub(rb'(nonce|value|content)="[A-Za-z0-9_\-+/=]{20,}"', rb'\1="-"', content)


VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWe share the counters.\n"


@pytest.fixture
def videos(db):
    public = VideoFactory(title="Bar models workshop", status=Video.Status.READY, duration=60)
    private = VideoFactory(title="Bar models lesson recording", status=Video.Status.READY, duration=60, private=True)
    for video in (public, private):
        transcript_import(video=video, vtt_text=VTT)
    return public, private


def test_the_library_listing_and_its_search_never_show_a_private_video(admin_client, videos):
    public, private = videos
    for query in ({}, {"q": "bar models"}, {"q": "recording"}, {"status": "ready"}):
        html = admin_client.get(reverse("video_library:index"), query).content.decode()
        assert private.title not in html
    assert public.title in admin_client.get(reverse("video_library:index"), {"q": "bar models"}).content.decode()


@pytest.mark.parametrize("view", ["inspect", "edit", "delete", "usage", "history", "retry"])
def test_a_private_video_by_id_is_not_found_in_the_library(admin_client, videos, view):
    public, private = videos
    method = admin_client.post if view == "retry" else admin_client.get
    assert method(reverse(f"video_library:{view}", args=[private.pk])).status_code == 404
    if view != "retry":
        assert admin_client.get(reverse(f"video_library:{view}", args=[public.pk])).status_code == 200


def test_the_chooser_never_offers_or_accepts_a_private_video(admin_client, videos):
    public, private = videos
    html = admin_client.get(reverse("video_chooser:choose")).json()["html"]
    assert public.title in html and private.title not in html
    results = admin_client.get(reverse("video_chooser:choose_results"), {"q": "recording"}).content.decode()
    assert private.title not in results
    assert admin_client.get(reverse("video_chooser:chosen", args=[private.pk])).status_code == 404
    assert admin_client.get(reverse("video_chooser:chosen", args=[public.pk])).status_code == 200
    chosen = admin_client.get(reverse("video_chooser:chosen_multiple"), {"id": [public.pk, private.pk]}).json()
    assert [str(item["id"]) for item in chosen["result"]] == [str(public.pk)]


def test_the_transcript_editor_never_shows_a_private_video(admin_client, videos):
    public, private = videos
    html = admin_client.get(reverse("videos_transcripts:index")).content.decode()
    assert public.title in html and private.title not in html
    assert admin_client.get(reverse("videos_transcripts:edit", args=[private.pk, "en"])).status_code == 404
    assert admin_client.post(reverse("videos_transcripts:approve", args=[private.pk, "en"])).status_code == 404
    assert admin_client.post(reverse("videos_transcripts:upload", args=[private.pk, "en"])).status_code == 404


class PresigningStorage(InMemoryStorage):
    """A storage that, like S3, answers url() with a link straight to the bucket."""

    def url(self, name):
        return f"https://bucket.example/{name}?X-Amz-Signature=abc"


def test_a_private_videos_files_always_go_through_the_media_view(settings, teacher, db):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.PresigningStorage"}}
    public = VideoFactory(status=Video.Status.READY)
    private = VideoFactory(status=Video.Status.READY, private=True)
    assert media_url(f"{public.output_prefix}/360p/seg_000.ts", user=teacher, video=public).startswith("https://")
    url = media_url(f"{private.output_prefix}/360p/seg_000.ts", user=teacher, video=private)
    assert url.startswith("/videos/media/")
    file = media_file_from_token(url.removeprefix("/videos/media/"), user=teacher)
    assert file.private and file.video_id == private.pk


def test_the_player_on_s3_storage_fetches_a_private_segment_through_the_view(settings, client, teacher, db):
    """Even on a presigning storage the media view serves the file itself (once the rule says yes)."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.PresigningStorage"}}
    from django.core.files.storage import default_storage

    private = VideoFactory(status=Video.Status.READY, private=True)
    default_storage.save(f"{private.output_prefix}/poster.jpg", ContentFile(b"\xff\xd8jpeg"))
    client.force_login(teacher)
    # teacher has no grant on it: the view refuses it like an unknown file.
    url = media_url(f"{private.output_prefix}/poster.jpg", user=teacher, video=private)
    response = client.get(url)
    assert response.status_code == 404
    assert stable(response.content) == stable(client.get("/videos/media/not-a-token").content)

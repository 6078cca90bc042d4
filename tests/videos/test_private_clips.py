"""A private lesson recording shared as a clip, as the player fetches it (real ffmpeg media):
playlists list only the segments inside the clip, captions and thumbnails keep only its
moments, and every file is asked for again, so a segment outside the clip, a revoked share or
a viewer without one gets the same 404 as an unknown id or file."""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from pdsite.departments.models import Role
from pdsite.lessons.models import Recording
from pdsite.videos.models import Video
from pdsite.videos.pipeline.clip import GAP_URI, media_segments, overlaps
from pdsite.videos.pipeline.vtt import parse_vtt
from pdsite.videos.selectors import media_url, poster_second
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import UserFactory
from tests.support.recordings import make_share

pytestmark = pytest.mark.slow
UNKNOWN = 999_999


def stable(content: bytes) -> bytes:
    """The body without what differs on every response (CSP nonces, CSRF tokens)."""
    return re.sub(rb'(nonce|value|content)="[A-Za-z0-9_\-+/=]{20,}"', rb'\1="-"', content)


def uris(text: str) -> list[str]:
    """The files a playlist names (a gap entry names none: GAP_URI)."""
    return [line for line in text.splitlines() if line and not line.startswith("#") and line != GAP_URI]


@pytest.fixture
def rec(ready_video, sign_in):
    """`ready_video` made ect's private recording; mentor has a clip share inside its first
    segment; hod and teacher are in the department without a share."""
    Video.objects.filter(pk=ready_video.pk).update(private=True)
    video = Video.objects.get(pk=ready_video.pk)
    maths = DepartmentFactory(school=SchoolFactory(slug="clip-school"), name="Maths", slug="clip-maths")
    people = SimpleNamespace(**{n: UserFactory(username=f"clip-{n}") for n in ("ect", "mentor", "hod", "teacher")})
    for person, role in ((people.ect, Role.ECT), (people.mentor, Role.MENTOR), (people.hod, Role.HEAD),
                         (people.teacher, Role.TEACHER)):
        MembershipFactory(department=maths, user=person, role=role)
    now = timezone.now()
    recording = Recording.objects.create(
        video=video, owner=people.ect, department=maths, title="Y7 bar models", year_group=7, recorded_on=now.date(),
        consent_statement="Parents are informed.", consent_confirmed_at=now,
        delete_after=now.date() + datetime.timedelta(days=30),
    )
    rendition = video.renditions.exclude(height=0).first()
    with default_storage.open(rendition.playlist, "r") as handle:
        text = handle.read()
    segments = media_segments(text.decode() if isinstance(text, bytes) else text)
    assert len(segments) >= 2, "the sample clip must span more than one segment"
    first = segments[0]
    clip = (first.start + 0.2, first.end - 0.5)  # inside the first segment, around the poster's moment
    share = make_share(recording, to=people.mentor, start=clip[0], end=clip[1])
    folder = rendition.playlist.rsplit("/", 1)[0]
    return SimpleNamespace(
        video=video, recording=recording, people=people, share=share, clip=clip, segments=segments,
        variant=rendition.playlist.removeprefix(f"{video.output_prefix}/"), folder=folder, sign_in=sign_in,
    )


def playlist(client, video_id, path):
    return client.get(reverse("videos:playlist", args=[video_id, path]))


def test_the_owner_sees_every_segment(rec):
    client = rec.sign_in(rec.people.ect)
    response = playlist(client, rec.video.pk, rec.variant)
    assert response.status_code == 200
    assert len(uris(response.content.decode())) == len(rec.segments)
    assert all(client.get(url).status_code == 200 for url in uris(response.content.decode()))


def test_a_clip_viewer_gets_only_the_segments_inside_the_clip(rec):
    owner, mentor = rec.sign_in(rec.people.ect), None
    master = playlist(owner, rec.video.pk, "master.m3u8").content
    mentor = rec.sign_in(rec.people.mentor)
    assert playlist(mentor, rec.video.pk, "master.m3u8").content == master  # the master is not cut
    for variant in rec.video.renditions.values_list("playlist", flat=True):
        response = playlist(mentor, rec.video.pk, variant.removeprefix(f"{rec.video.output_prefix}/"))
        text = response.content.decode()
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        assert len(uris(text)) == 1 and "#EXT-X-ENDLIST" in text
        # The rest are gaps in their places: the player's clock is the recording's.
        with default_storage.open(variant, "r") as handle:
            stored = handle.read()
        stored = stored.decode() if isinstance(stored, bytes) else stored
        assert [(s.start, s.end) for s in media_segments(text)] == [(s.start, s.end) for s in media_segments(stored)]
    segment = mentor.get(uris(playlist(mentor, rec.video.pk, rec.variant).content.decode())[0])
    assert segment.status_code == 200 and "no-store" in segment["Cache-Control"]
    assert b"".join(segment.streaming_content)[:1] == b"\x47"  # MPEG-TS sync byte


def test_a_segment_outside_the_clip_is_refused_like_an_unknown_file(rec):
    mentor = rec.sign_in(rec.people.mentor)
    outside = media_url(f"{rec.folder}/{rec.segments[-1].uri}", user=rec.people.mentor, video=rec.video)
    response = mentor.get(outside)
    assert response.status_code == 404
    assert stable(response.content) == stable(mentor.get("/videos/media/not-a-token").content)
    # The owner, who sees the whole recording, is served the same file.
    owner_url = media_url(f"{rec.folder}/{rec.segments[-1].uri}", user=rec.people.ect, video=rec.video)
    assert rec.sign_in(rec.people.ect).get(owner_url).status_code == 200


def test_revoking_the_share_refuses_the_next_segment_at_once(rec):
    mentor = rec.sign_in(rec.people.mentor)
    url = uris(playlist(mentor, rec.video.pk, rec.variant).content.decode())[0]
    assert mentor.get(url).status_code == 200
    rec.share.revoked_at = timezone.now()
    rec.share.save(update_fields=["revoked_at"])
    assert mentor.get(url).status_code == 404  # the same, still-signed URL
    assert playlist(mentor, rec.video.pk, rec.variant).status_code == 404


def endpoints(video_id):
    return [
        reverse("videos:playlist", args=[video_id, "master.m3u8"]),
        reverse("videos:captions", args=[video_id, "en"]),
        reverse("videos:thumbnails", args=[video_id]),
        reverse("videos:transcript_download", args=[video_id, "en", "txt"]),
    ]


@pytest.mark.parametrize("who", ["hod", "teacher", "superuser"])
def test_people_without_a_share_get_the_answer_for_an_unknown_id(rec, who):
    user = UserFactory(username="clip-root", is_superuser=True, is_staff=True) if who == "superuser" else getattr(
        rec.people, who
    )
    client = rec.sign_in(user)
    seen = [(r.status_code, stable(r.content)) for r in map(client.get, endpoints(rec.video.pk))]
    assert seen == [(r.status_code, stable(r.content)) for r in map(client.get, endpoints(UNKNOWN))]
    assert {status for status, _ in seen} == {404}
    segment = client.get(media_url(f"{rec.folder}/{rec.segments[0].uri}", user=user, video=rec.video))
    assert segment.status_code == 404
    assert stable(segment.content) == stable(client.get("/videos/media/not-a-token").content)


def test_captions_thumbnails_and_sprite_keep_only_the_clip(rec, sample_clip):
    mentor = rec.sign_in(rec.people.mentor)
    captions = parse_vtt(mentor.get(reverse("videos:captions", args=[rec.video.pk, "en"])).content.decode())
    assert captions and all(overlaps(c.start, c.end, [rec.clip]) for c in captions)
    assert len(captions) < len(sample_clip[1])

    track = mentor.get(reverse("videos:thumbnails", args=[rec.video.pk])).content.decode()
    tiles = parse_vtt(track)
    assert tiles and all(overlaps(t.start, t.end, [rec.clip]) for t in tiles)
    sprite_url = tiles[0].text.partition("#")[0]
    response = mentor.get(sprite_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    masked = Image.open(io.BytesIO(response.content)).convert("L")
    with default_storage.open(rec.video.thumbnails, "r") as handle:
        stored = handle.read()
    every_tile = parse_vtt(stored.decode() if isinstance(stored, bytes) else stored)
    hidden = [t for t in every_tile if not overlaps(t.start, t.end, [rec.clip])]
    assert hidden
    for tile in hidden:  # every tile of a moment outside the clip is black (JPEG: nearly)
        x, y, w, h = (int(v) for v in tile.text.partition("#xywh=")[2].split(","))
        assert masked.crop((x + 2, y + 2, x + w - 2, y + h - 2)).getextrema()[1] < 24


def test_the_poster_is_sent_only_when_its_moment_is_inside_the_clip(rec):
    assert rec.clip[0] <= poster_second(rec.video) <= rec.clip[1]
    mentor = rec.sign_in(rec.people.mentor)
    poster = media_url(rec.video.poster, user=rec.people.mentor, video=rec.video)
    assert mentor.get(poster).status_code == 200
    second = rec.segments[1]
    rec.share.start, rec.share.end = second.start + 0.1, second.end
    rec.share.save(update_fields=["start", "end"])
    assert mentor.get(poster).status_code == 404
    # The player leaves the poster out rather than showing a broken one.
    html = render_player(rec.video, rec.people.mentor)
    assert 'poster="' not in html


def render_player(video, user):
    request = RequestFactory().get("/")
    request.user, request.session = user, {}
    template = engines["django"].from_string("{% load pdsite_video pdsite_transcript %}{% video_player video %}"
                                             "{% interactive_transcript video %}")
    return template.render({"video": video, "request": request}, request)


def test_the_transcript_panel_keeps_the_clip_and_offers_no_download(rec, sample_clip):
    html = render_player(rec.video, rec.people.mentor)
    shown = [c for c in sample_clip[1] if c.text in html]
    assert shown and all(overlaps(c.start, c.end, [rec.clip]) for c in shown)
    assert len(shown) < len(sample_clip[1])
    owner_html = render_player(rec.video, rec.people.ect)
    assert all(c.text in owner_html for c in sample_clip[1])
    assert "Download the transcript" not in owner_html
    owner = rec.sign_in(rec.people.ect)
    for fmt in ("vtt", "txt"):
        assert owner.get(reverse("videos:transcript_download", args=[rec.video.pk, "en", fmt])).status_code == 404

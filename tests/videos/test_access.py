"""The one video rule (pdsite.videos.access) at every endpoint that serves a video: live
clip pages let teachers in, unpublished and restricted ones answer exactly like an unknown
video, editors and superusers preview, media tokens are the viewer's own."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from pdsite.progress.heartbeat_tokens import heartbeat_token_issue
from pdsite.videos.access import video_visible_to, visible_video_ids
from pdsite.videos.models import Rendition
from pdsite.videos.selectors import media_url
from pdsite.videos.storage import storage_put_text
from pdsite.videos.transcripts.services import transcript_import
from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

UNKNOWN = 987654
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nDraw the bar first.\n"
HEARTBEAT = reverse("progress:heartbeat")


@pytest.fixture
def local_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"allow_overwrite": True}},
    }


@pytest.fixture
def clip(local_storage, clip_library):
    """A live clip page whose READY video has a stored HLS package (one variant, one
    segment), a thumbnails track and captions: everything the player fetches, no ffmpeg."""
    page = PDVideoPageFactory(parent=clip_library, title="Bar models", video__duration=60.0)
    video = page.video
    prefix = video.output_prefix
    storage_put_text(f"{prefix}/master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\n360p/index.m3u8\n")
    storage_put_text(f"{prefix}/360p/index.m3u8", "#EXTM3U\n#EXTINF:2.0,\nseg_000.ts\n#EXT-X-ENDLIST\n")
    storage_put_text(f"{prefix}/360p/seg_000.ts", "G segment")
    storage_put_text(f"{prefix}/thumbnails.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nsprite.jpg#xywh=0,0,160,90\n")
    storage_put_text(f"{prefix}/sprite.jpg", "jpeg")
    Rendition.objects.create(
        video=video, profile="360p", width=640, height=360, bandwidth=1000, playlist=f"{prefix}/360p/index.m3u8"
    )
    video.master_playlist, video.thumbnails, video.sprite = f"{prefix}/master.m3u8", f"{prefix}/thumbnails.vtt", f"{prefix}/sprite.jpg"
    video.save()
    transcript_import(video=video, vtt_text=VTT)
    return page


def endpoints(video_id):
    """(method, url, data) of every endpoint that serves one video to a viewer."""
    return [
        ("get", reverse("videos:playlist", args=[video_id, "master.m3u8"]), None),
        ("get", reverse("videos:playlist", args=[video_id, "360p/index.m3u8"]), None),
        ("get", reverse("videos:captions", args=[video_id, "en"]), None),
        ("get", reverse("videos:thumbnails", args=[video_id]), None),
        ("get", reverse("videos:transcript_download", args=[video_id, "en", "txt"]), None),
        ("post", HEARTBEAT, {"video": video_id, "ranges": "[[0, 2]]", "position": "2"}),
    ]


def _stable(content: bytes) -> bytes:
    """The body without what differs on every response (CSP nonces, CSRF tokens)."""
    return re.sub(rb'(nonce|value|content)="[A-Za-z0-9_\-+/=]{20,}"', rb'\1="-"', content)


def answers(client, video_id):
    return [
        (r.status_code, _stable(r.content)) for r in (getattr(client, m)(url, data) for m, url, data in endpoints(video_id))
    ]


def assert_hidden(client, video_id):
    """Every endpoint answers 404, byte for byte as it does for a video that does not exist."""
    seen = answers(client, video_id)
    assert [status for status, _ in seen] == [404] * len(seen)
    assert seen == answers(client, UNKNOWN)


def test_every_endpoint_serves_a_teacher_when_a_live_page_shows_the_video(sign_in, teacher, clip):
    client = sign_in(teacher)
    assert [status for status, _ in answers(client, clip.video_id)] == [200] * 6


def test_every_endpoint_answers_like_an_unknown_video_when_the_clip_page_is_unpublished(sign_in, teacher, clip):
    """The issue's table row: unpublish a clip page, then fetch captions, playlist,
    thumbnails and transcript and post a heartbeat as a teacher."""
    clip.unpublish()
    assert_hidden(sign_in(teacher), clip.video_id)


def test_a_group_restricted_page_hides_the_video_unless_the_teacher_is_in_the_group(sign_in, teacher, clip):
    group = Group.objects.create(name="Maths department")
    PageViewRestriction.objects.create(page=clip, restriction_type=PageViewRestriction.GROUPS).groups.set([group])
    client = sign_in(teacher)
    assert_hidden(client, clip.video_id)
    teacher.groups.add(group)
    assert [status for status, _ in answers(client, clip.video_id)] == [200] * 6


def test_a_restriction_on_an_ancestor_hides_the_video_too(sign_in, teacher, clip, clip_library):
    PageViewRestriction.objects.create(page=clip_library, restriction_type=PageViewRestriction.GROUPS)
    assert_hidden(sign_in(teacher), clip.video_id)


def test_a_password_page_shows_the_video_once_the_password_is_passed(sign_in, teacher, clip):
    restriction = PageViewRestriction.objects.create(
        page=clip, restriction_type=PageViewRestriction.PASSWORD, password="fractions"
    )
    client = sign_in(teacher)
    assert_hidden(client, clip.video_id)
    response = client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, clip.pk]),
        {"password": "fractions", "return_url": clip.url},
    )
    assert response.status_code == 302
    assert [status for status, _ in answers(client, clip.video_id)] == [200] * 6


def test_superusers_and_editors_preview_when_the_page_is_unpublished(sign_in, pd_lead, clip):
    clip.unpublish()
    for user in (UserFactory(username="root", is_superuser=True), pd_lead, UserFactory(groups=["Reviewers"])):
        client = sign_in(user)
        assert [status for status, _ in answers(client, clip.video_id)] == [200] * 6, user


def test_anonymous_visitors_keep_the_sign_in_refusal_for_media(client, clip):
    for name in ("videos:captions", "videos:thumbnails"):
        args = [clip.video_id, "en"] if name == "videos:captions" else [clip.video_id]
        response = client.get(reverse(name, args=args))
        assert response.status_code == 403 and b"Sign in" in response.content
    clip.unpublish()
    assert client.get(reverse("videos:playlist", args=[clip.video_id, "master.m3u8"])).status_code == 403


def _segment_url(client, video_id):
    text = client.get(reverse("videos:playlist", args=[video_id, "360p/index.m3u8"])).content.decode()
    return next(line for line in text.splitlines() if line and not line.startswith("#"))


def test_a_media_token_works_only_for_the_viewer_it_was_made_for(sign_in, teacher, clip):
    url = _segment_url(sign_in(teacher), clip.video_id)
    assert url.startswith("/videos/media/")
    assert sign_in(teacher).get(url).status_code == 200
    other = sign_in(UserFactory(groups=["Teachers"]))
    theirs, tampered = other.get(url), other.get(url[:-3] + "xyz")
    assert theirs.status_code == tampered.status_code == 404 and _stable(theirs.content) == _stable(tampered.content)


@pytest.mark.parametrize(
    "name",
    ["videos/sources/abc/clip.mp4", "pathways/evidence/task.pdf", "videos/{other}/hls/360p/seg_000.ts", "videos/{pk}/hls/../../sources/x.mp4"],
)
def test_a_media_token_never_serves_sources_evidence_or_another_videos_files(sign_in, teacher, clip, name):
    other = PDVideoPageFactory(parent=clip.get_parent(), title="Other").video
    storage_put_text("videos/sources/abc/clip.mp4", "original")
    storage_put_text("pathways/evidence/task.pdf", "evidence")
    storage_put_text(f"videos/{other.pk}/hls/360p/seg_000.ts", "G other")
    url = media_url(name.format(pk=clip.video_id, other=other.pk), user=teacher, video=clip.video)
    assert sign_in(teacher).get(url).status_code == 404


def _token_report(client, user, video_id):
    token = heartbeat_token_issue(user=user, video_id=video_id, session_key=client.session.session_key)
    response = client.post(HEARTBEAT, {"token": token, "video": video_id, "ranges": "[[0, 2]]", "position": "2"})
    return response.status_code, response.content


def test_token_heartbeat_answers_like_an_unknown_video_when_the_page_is_unpublished(sign_in, teacher, clip):
    client = sign_in(teacher, enforce_csrf=True)  # no CSRF token sent: only the token path can record
    assert _token_report(client, teacher, clip.video_id)[0] == 200
    clip.unpublish()
    hidden = _token_report(client, teacher, clip.video_id)
    assert hidden[0] == 404 and hidden == _token_report(client, teacher, UNKNOWN)


def test_token_is_not_issued_in_an_editors_preview(rf, pd_lead, clip):
    from django.template import Context, Template

    request = rf.get("/")
    request.user, request.is_preview = pd_lead, True
    request.session = type("S", (), {"session_key": "k"})()
    html = Template("{% load pdsite_progress %}{% heartbeat_token video %}").render(
        Context({"request": request, "video": clip.video})
    )
    assert html == ""


def test_lists_ask_the_rule_once_for_many_videos(teacher, clip, django_assert_max_num_queries):
    hidden = PDVideoPageFactory(parent=clip.get_parent(), title="Hidden", live=False).video
    # live pages (restrictions folded in); recordings (one, none of them shared); permissions (two)
    with django_assert_max_num_queries(4):
        assert visible_video_ids(teacher, [clip.video_id, hidden.pk, UNKNOWN]) == {clip.video_id}
    assert video_visible_to(teacher, clip.video) and not video_visible_to(teacher, None)
    assert not video_visible_to(None, hidden)

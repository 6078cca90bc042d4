"""Described audio tracks (issue #18) end to end, with real ffmpeg, storage and task bodies:
a PD lead uploads one in the video library, the encode task makes an audio-only HLS rendition,
the served master playlist offers it; bad uploads are refused with a sentence and change
nothing; the one access rule covers its playlist and segments; a re-transcode encodes it
again; deleting the video leaves none of its files."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pdsite.videos import services
from pdsite.videos.described.services import (
    DescribedAudioRefused,
    described_audio_encode,
    described_audio_upload,
)
from pdsite.videos.models import DescribedAudio, Video
from pdsite.videos.pipeline.m3u8 import variant_streams
from pdsite.videos.pipeline.samples import make_described_audio
from pdsite.videos.selectors import described_audio_playable
from tests.factories.courses import PDVideoPageFactory
from tests.videos.test_services_transcode import _storage_down
from tests.videos.upload_support import local_storage  # noqa: F401

pytestmark = pytest.mark.slow

DESCRIPTION = "The teacher draws a bar model split into three equal parts and labels one third."


@pytest.fixture(scope="session")
def described_wav_for(tmp_path_factory):
    """`described_wav_for(seconds)`: a real espeak-ng described audio WAV of that length."""
    made = {}

    def make(seconds: float) -> Path:
        if seconds not in made:
            path = tmp_path_factory.mktemp("described") / f"described-{seconds:.1f}.wav"
            made[seconds] = make_described_audio(path, description=DESCRIPTION, seconds=seconds)
        return made[seconds]

    return make


@pytest.fixture
def shown_video(clip_library, ready_video):
    PDVideoPageFactory(parent=clip_library, title="Bar models", video=ready_video)
    return ready_video


def main(response) -> str:
    """The page's own words (its <main>), without the per-request parts around them."""
    text = response.content.decode()
    return text[text.find("<main"):text.find("</main>")] if "<main" in text else text


def upload_url(video):
    return reverse("video_library:described_audio", args=[video.pk])


def post_audio(client, video, path: Path, *, name=None, language="en"):
    with open(path, "rb") as handle:
        return client.post(
            upload_url(video), {"language": language, "audio": File(handle, name=name or path.name)}
        )


def stored_under(prefix: str) -> list[str]:
    if hasattr(default_storage, "bucket_name"):
        client = default_storage.connection.meta.client
        found = client.list_objects_v2(Bucket=default_storage.bucket_name, Prefix=f"{prefix}/").get("Contents", [])
        return [item["Key"] for item in found]
    root = Path(settings.MEDIA_ROOT) / prefix
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def described(sign_in, pd_lead, shown_video, described_wav_for, django_capture_on_commit_callbacks):
    """`shown_video` with a READY English described track, uploaded through the admin form."""
    with django_capture_on_commit_callbacks(execute=True):
        response = post_audio(sign_in(pd_lead), shown_video, described_wav_for(shown_video.duration))
    assert response.status_code == 302, response.content.decode()[:2000]
    track = DescribedAudio.objects.get(video=shown_video)
    assert track.status == DescribedAudio.Status.READY, track.failure_reason
    return track


def test_a_pd_lead_uploads_described_audio_and_the_master_playlist_offers_it(described, shown_video, signed_in):
    video = Video.objects.get(pk=shown_video.pk)
    assert video.has_described_audio
    assert described.playlist == f"videos/{video.pk}/hls/described-en/index.m3u8"
    assert described.uploaded_by.username == "pdlead" and described.duration

    text = signed_in.get(reverse("videos:playlist", args=[video.pk, "master.m3u8"])).content.decode()
    assert text.startswith("#EXTM3U\n")
    assert (
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English (described)",LANGUAGE="en",'
        'CHARACTERISTICS="public.accessibility.describes-video",AUTOSELECT=NO,DEFAULT=NO,'
        'URI="described-en/index.m3u8"' in text
    )
    assert '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English",LANGUAGE="en",AUTOSELECT=YES,DEFAULT=YES' in text
    variants = variant_streams(text)
    assert len(variants) == video.renditions.count() >= 2
    assert all(attributes.get("AUDIO") == "audio" for attributes in variants.values())
    # The media tags come before the first variant (RFC 8216: a client reads them first).
    assert text.index("#EXT-X-MEDIA:") < text.index("#EXT-X-STREAM-INF:")

    audio = signed_in.get(reverse("videos:playlist", args=[video.pk, "described-en/index.m3u8"]))
    assert audio.status_code == 200
    segments = [line for line in audio.content.decode().splitlines() if line and not line.startswith("#")]
    assert segments and all("described-en/seg_" in s or "X-Amz-Signature" in s or s.startswith("/videos/media/")
                            for s in segments)
    # As many audio segments as the video's, cut at the same length (4 s).
    video_playlist = signed_in.get(reverse("videos:playlist", args=[video.pk, "240p/index.m3u8"])).content.decode()
    assert len(segments) == len([line for line in video_playlist.splitlines() if line and not line.startswith("#")])


def test_the_inspect_and_edit_pages_link_to_the_described_audio_page(described, shown_video, sign_in, pd_lead):
    client = sign_in(pd_lead)
    for name in ("inspect", "edit"):
        page = client.get(reverse(f"video_library:{name}", args=[shown_video.pk])).content.decode()
        assert upload_url(shown_video) in page
    page = client.get(upload_url(shown_video)).content.decode()
    assert "English (described)" in page and "Ready" in page


def test_without_a_described_track_the_master_playlist_is_unchanged(shown_video, signed_in):
    text = signed_in.get(reverse("videos:playlist", args=[shown_video.pk, "master.m3u8"])).content.decode()
    with default_storage.open(shown_video.master_playlist, "r") as handle:
        stored = handle.read()
    stored = stored.decode() if isinstance(stored, bytes) else stored
    assert "#EXT-X-MEDIA" not in text and "AUDIO=" not in text
    assert text.rstrip("\n") == stored.rstrip("\n")
    assert not shown_video.has_described_audio
    assert signed_in.get(reverse("videos:playlist", args=[shown_video.pk, "described-en/index.m3u8"])).status_code == 404


def test_someone_who_may_not_see_the_video_gets_the_same_404_for_its_described_audio(described, sign_in):
    from tests.factories.users import UserFactory

    video = described.video
    stranger = sign_in(UserFactory(username="elsewhere", groups=["Teachers"]), enforce_csrf=True)
    video.pages.all().delete()  # no live clip page shows it any more: teachers may not see it
    refused = [
        stranger.get(reverse("videos:playlist", args=[video.pk, name]))
        for name in ("master.m3u8", "240p/index.m3u8", "described-en/index.m3u8")
    ]
    assert [r.status_code for r in refused] == [404, 404, 404]
    unknown = stranger.get(reverse("videos:playlist", args=[999999, "described-en/index.m3u8"]))
    assert unknown.status_code == 404
    assert len({main(r) for r in [*refused, unknown]}) == 1, "one answer: unknown and forbidden alike"


def test_a_segment_url_made_for_one_viewer_is_refused_to_another_like_a_video_segment(
    described, sign_in, pd_lead, settings, local_storage  # noqa: F811
):
    from tests.factories.users import UserFactory

    from pdsite.videos.selectors import media_url

    video = described.video
    other = sign_in(UserFactory(username="other", groups=["Teachers"]), enforce_csrf=True)  # a client of its own
    audio_segment = media_url(f"{described.folder}/seg_000.ts", user=pd_lead, video=video)
    video_segment = media_url(f"{video.output_prefix}/240p/seg_000.ts", user=pd_lead, video=video)
    answers = [other.get(url) for url in (audio_segment, video_segment)]
    assert [a.status_code for a in answers] == [404, 404] and main(answers[0]) == main(answers[1])


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda tmp, wav: _write(tmp / "plan.wav", b"Lesson plan: equivalent fractions\n" * 40), "not an audio file we recognise"),
        (lambda tmp, wav: _write(tmp / "broken.wav", b"RIFF\x00\x00\x00\x00WAVEjunk" + bytes(range(256)) * 8),
         "not an audio file we can read"),
        (lambda tmp, wav: wav(60.0), "much longer than the video"),
        (lambda tmp, wav: wav(1.0), "much shorter than the video"),
    ],
    ids=["text", "corrupt", "too-long", "too-short"],
)
def test_a_bad_upload_is_refused_with_a_sentence_and_nothing_changes(
    make, message, described, sign_in, pd_lead, tmp_path, described_wav_for, django_capture_on_commit_callbacks
):
    before = DescribedAudio.objects.values().get(pk=described.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_audio(sign_in(pd_lead), described.video, make(tmp_path, described_wav_for))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert DescribedAudio.objects.values().get(pk=described.pk) == before, "the ready track is kept as it was"
    assert default_storage.exists(described.source.name) and default_storage.exists(described.playlist)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_video_without_audio_is_refused_as_described_audio(described, sign_in, pd_lead, tmp_path):
    from pdsite.videos.pipeline.samples import make_silent_clip

    silent = make_silent_clip(tmp_path / "silent.mp4", seconds=described.video.duration, audio=False)
    response = post_audio(sign_in(pd_lead), described.video, silent)
    assert response.status_code == 400 and "no audio stream" in response.content.decode()


def test_storage_down_on_upload_says_so_and_keeps_the_track(
    described, sign_in, pd_lead, settings, described_wav_for, django_capture_on_commit_callbacks
):
    if not settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
        pytest.skip("S3 is not configured")
    working = _storage_down(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_audio(sign_in(pd_lead), described.video, described_wav_for(described.video.duration))
    settings.STORAGES = working
    assert response.status_code == 400 and "Media storage is not answering" in response.content.decode()
    track = DescribedAudio.objects.get(pk=described.pk)
    assert track.status == DescribedAudio.Status.READY and track.source.name == described.source.name


def test_storage_down_while_encoding_is_raised_for_a_retry_then_the_track_is_failed_saying_so(described, settings):
    if not settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
        pytest.skip("S3 is not configured")
    from pdsite.videos.described.services import described_audio_encode_enqueue
    from pdsite.videos.storage import StorageUnavailable

    described_audio_encode_enqueue(track=described)
    working = _storage_down(settings)
    with pytest.raises(StorageUnavailable):
        described_audio_encode(track_id=described.pk, final_attempt=False)
    track = described_audio_encode(track_id=described.pk, final_attempt=True)
    settings.STORAGES = working
    assert track.status == DescribedAudio.Status.FAILED and "storage is not answering" in track.failure_reason
    assert default_storage.exists(described.source.name), "the uploaded file is kept"


def test_a_lesson_recording_and_a_video_not_ready_cannot_have_described_audio(ready_video, described_wav_for):
    audio = SimpleUploadedFile("d.wav", described_wav_for(ready_video.duration).read_bytes())
    Video.objects.filter(pk=ready_video.pk).update(private=True)
    ready_video.refresh_from_db()
    with pytest.raises(DescribedAudioRefused, match="lesson recording"):
        described_audio_upload(video=ready_video, language="en", source=audio)
    Video.objects.filter(pk=ready_video.pk).update(private=False, status=Video.Status.TRANSCODING)
    ready_video.refresh_from_db()
    with pytest.raises(DescribedAudioRefused, match="finished transcoding"):
        described_audio_upload(video=ready_video, language="en", source=audio)
    assert not DescribedAudio.objects.exists()


def test_a_private_recordings_playlist_never_gains_an_audio_group(described):
    video = described.video
    Video.objects.filter(pk=video.pk).update(private=True)
    video.refresh_from_db()
    assert described_audio_playable(video) == []


def test_a_retranscode_encodes_the_described_track_again_for_the_new_renditions(
    described, signed_in, django_capture_on_commit_callbacks
):
    video = described.video
    with django_capture_on_commit_callbacks(execute=True):
        services.video_transcode(video_id=video.pk)  # clears the HLS folder first
    video.refresh_from_db()
    track = DescribedAudio.objects.get(pk=described.pk)
    assert video.is_ready and track.encode_job != described.encode_job
    assert track.status == DescribedAudio.Status.READY and track.playlist == described.playlist
    assert video.has_described_audio and default_storage.exists(track.playlist)
    text = signed_in.get(reverse("videos:playlist", args=[video.pk, "master.m3u8"])).content.decode()
    assert "public.accessibility.describes-video" in text


def test_a_track_waits_and_is_not_offered_while_the_video_is_transcoded_again(described):
    from pdsite.videos.services import video_transition

    video = video_transition(video=described.video, to=Video.Status.PROBING)
    track = DescribedAudio.objects.get(pk=described.pk)
    assert track.status == DescribedAudio.Status.PROCESSING and track.encode_job != described.encode_job
    assert not video.has_described_audio and described_audio_playable(video) == []
    # A message of the encode that ran before does nothing now.
    assert described_audio_encode(track_id=track.pk, job=str(described.encode_job)).status == track.status


@pytest.mark.parametrize("backend", ["s3", "local"])
def test_deleting_the_video_leaves_no_described_audio_file(
    backend, request, sign_in, pd_lead, described_wav_for, django_capture_on_commit_callbacks
):
    from tests.factories.users import UserFactory

    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    if backend == "local":
        request.getfixturevalue("local_storage")
    elif not settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
        pytest.skip("S3 is not configured")
    video = request.getfixturevalue("ready_video")
    with django_capture_on_commit_callbacks(execute=True):
        post_audio(sign_in(pd_lead), video, described_wav_for(video.duration))
    track = DescribedAudio.objects.get(video=video)
    assert track.status == DescribedAudio.Status.READY, track.failure_reason
    source_folder = track.source.name.rsplit("/", 1)[0]
    assert stored_under(track.folder) and stored_under(source_folder)

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(superuser).post(reverse("video_library:delete", args=[video.pk]))
    assert response.status_code == 302
    assert not DescribedAudio.objects.filter(pk=track.pk).exists()
    assert stored_under(track.folder) == [] and stored_under(source_folder) == []
    assert stored_under(f"videos/{video.pk}/described") == []

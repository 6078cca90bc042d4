"""ffprobe and ffmpeg read local files only: an HLS playlist renamed .mp4 whose segment is a
URL of a real listener on loopback makes no connection to it, at any step, and the upload
fails with a clear message while nothing is lost."""

from pathlib import Path
from urllib.request import urlopen

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pdsite.videos import services
from pdsite.videos.asr import AsrError, extract_audio
from pdsite.videos.models import UploadSession, Video
from pdsite.videos.pipeline.commands import hls_command, poster_command, tile_command
from pdsite.videos.pipeline.ffmpeg import extract_poster, transcode_hls
from pdsite.videos.pipeline.ladder import ladder_for
from pdsite.videos.pipeline.probe import ProbeError, ProbeResult, probe
from pdsite.videos.pipeline.runner import TranscodeError
from pdsite.videos.pipeline.sprite import sprite_spec_for
from tests.support.network import loopback_listener
from tests.videos.upload_support import body, local_storage, upload_api  # noqa: F401

pytestmark = pytest.mark.slow

# What a 320x180 clip with audio probes as: the transcode is given this, not the playlist's.
CLIP = ProbeResult(duration=4.0, width=320, height=180, video_codec="h264", has_audio=True, format_name="mov,mp4")


@pytest.fixture
def listener():
    with loopback_listener() as listener:
        with urlopen(listener.url("/ping"), timeout=5):  # the listener does count connections
            pass
        assert listener.connections == 1
        listener.connections = 0
        yield listener


def playlist(listener) -> bytes:
    """An HLS playlist (ffmpeg's hls demuxer claims it by its tags) naming a loopback URL."""
    return (
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n"
        f"#EXTINF:4.0,\n{listener.url('/x.ts')}\n#EXT-X-ENDLIST\n"
    ).encode()


@pytest.fixture
def renamed_playlist(listener, tmp_path) -> Path:
    path = tmp_path / "lesson.mp4"
    path.write_bytes(playlist(listener))
    return path


def test_every_command_that_reads_media_allows_only_local_files(tmp_path):
    sprite = sprite_spec_for(duration=4.0, width=320, height=180)
    commands = [
        hls_command(source=tmp_path / "s.mp4", out_dir=tmp_path / "hls", probe=CLIP, profiles=ladder_for(180)),
        poster_command(source=tmp_path / "s.mp4", out_path=tmp_path / "p.jpg", at_seconds=1),
        tile_command(out_dir=tmp_path / "hls", sprite=sprite),
    ]
    for command in commands:
        reads = [i for i, argument in enumerate(command) if argument == "-i"]
        assert reads
        for i in reads:
            options = command[:i]
            assert options[options.index("-protocol_whitelist") + 1] == "file,pipe"


def test_probe_refuses_the_playlist_without_connecting(renamed_playlist, listener):
    with pytest.raises(ProbeError, match="This file is not a video we can read"):
        probe(renamed_playlist)
    assert listener.connections == 0


def test_transcode_poster_and_audio_refuse_the_playlist_without_connecting(renamed_playlist, listener, tmp_path):
    with pytest.raises(TranscodeError):
        transcode_hls(source=renamed_playlist, out_dir=tmp_path / "hls", probe=CLIP, profiles=ladder_for(180))
    with pytest.raises(TranscodeError):
        extract_poster(source=renamed_playlist, out_path=tmp_path / "poster.jpg", at_seconds=1.0)
    with pytest.raises(AsrError):
        extract_audio(renamed_playlist, tmp_path / "audio.wav")
    assert listener.connections == 0


def test_stored_playlist_fails_at_probe_with_its_source_kept_and_no_connection(
    db, listener, django_capture_on_commit_callbacks
):
    # As if it had got past the upload checks (an older upload): the pipeline still holds.
    name = default_storage.save("videos/sources/protocols/lesson.mp4", ContentFile(playlist(listener)))
    with django_capture_on_commit_callbacks(execute=True):
        video = services.video_create_from_storage(title="Lesson", source_name=name)
    video.refresh_from_db()
    assert (video.status, video.failure_stage) == (Video.Status.FAILED, Video.Stage.PROBE)
    assert video.failure_reason.startswith("This file is not a video we can read")
    assert default_storage.exists(name)  # the source is kept, for the uploader to see
    assert listener.connections == 0
    default_storage.delete(name)


def test_resumable_upload_of_the_playlist_is_refused_before_ffmpeg(upload_api, local_storage, listener):
    data = playlist(listener)
    upload = body(upload_api.start("lesson.mp4", len(data)))
    assert upload_api.chunk(upload["id"], data, 0, len(data)).status_code == 200
    response = upload_api.complete(upload["id"], title="Lesson")
    assert response.status_code == 422
    assert "lesson.mp4 is not a video file we recognise" in body(response)["error"]
    assert UploadSession.objects.get().status == UploadSession.Status.ABORTED
    assert not Video.objects.exists()
    assert listener.connections == 0

"""HLS transcoding and poster frames: the command line, then real ffmpeg runs."""

import json
import re
import subprocess
from pathlib import Path

import pytest

from pdsite.videos.pipeline.commands import hls_command
from pdsite.videos.pipeline.ffmpeg import HlsOutput, extract_poster, transcode_hls
from pdsite.videos.pipeline.ladder import LADDER, ladder_for
from pdsite.videos.pipeline.probe import ProbeResult, probe
from pdsite.videos.pipeline.runner import TranscodeError
from pdsite.videos.pipeline.samples import make_silent_clip

P240, P360 = LADDER[0], LADDER[1]

FAKE_PROBE = ProbeResult(
    duration=9.0, width=640, height=360, video_codec="h264", has_audio=True, format_name="mov,mp4"
)


def _files_on_disk(root: Path) -> set[Path]:
    return {path.relative_to(root) for path in root.rglob("*") if path.is_file()}


def _extinf_durations(playlist: Path) -> list[float]:
    return [float(value) for value in re.findall(r"^#EXTINF:([\d.]+),", playlist.read_text(), re.M)]


def _stream_inf_lines(master: Path) -> list[str]:
    return [line for line in master.read_text().splitlines() if line.startswith("#EXT-X-STREAM-INF:")]


# --- hls_command: pure, no ffmpeg run -------------------------------------------------


def test_hls_command_splits_one_decode_into_scaled_branches_when_given_two_profiles(tmp_path):
    command = hls_command(
        source=Path("in.mp4"), out_dir=tmp_path / "hls", probe=FAKE_PROBE, profiles=[P240, P360]
    )

    graph = command[command.index("-filter_complex") + 1]
    assert command.count("-i") == 1
    # A cascade: 360p from the source, 240p from the 360p copy.
    assert graph.startswith("[0:v:0]scale=w=640:h=360:flags=bilinear,setsar=1,split=2[v1][c1];")
    assert "[c1]scale=w=426:h=240:flags=bilinear,setsar=1[v0]" in graph


def test_hls_command_has_aligned_keyframes_and_hls_options_when_built(tmp_path):
    out_dir = tmp_path / "hls"
    command = hls_command(
        source=Path("in.mp4"), out_dir=out_dir, probe=FAKE_PROBE, profiles=[P240, P360], segment_seconds=4
    )

    def value(flag: str) -> str:
        return command[command.index(flag) + 1]

    assert command[0] == "ffmpeg"
    assert command[1:6] == ["-nostdin", "-y", "-hide_banner", "-loglevel", "error"]
    assert value("-c:v") == "libx264"
    assert value("-preset") == "veryfast"
    assert value("-profile:v") == "main"
    assert value("-pix_fmt") == "yuv420p"
    assert value("-sc_threshold") == "0"
    assert value("-force_key_frames") == "expr:gte(t,n_forced*4)"
    assert (value("-b:v:0"), value("-maxrate:v:0"), value("-bufsize:v:0")) == ("400k", "440k", "800k")
    assert (value("-b:v:1"), value("-b:a:0"), value("-b:a:1")) == ("800k", "64k", "96k")
    assert value("-hls_time") == "4"
    assert value("-hls_playlist_type") == "vod"
    assert value("-hls_segment_filename") == str(out_dir.absolute() / "%v" / "seg_%03d.ts")
    assert value("-master_pl_name") == "master.m3u8"
    assert value("-var_stream_map") == "v:0,a:0,name:240p v:1,a:1,name:360p"
    assert command[-1] == str(out_dir.absolute() / "%v" / "index.m3u8")


def test_hls_command_leaves_audio_out_when_source_has_none(tmp_path):
    no_audio = ProbeResult(
        duration=9.0, width=640, height=360, video_codec="h264", has_audio=False, format_name="mov"
    )

    command = hls_command(source=Path("in.mp4"), out_dir=tmp_path, probe=no_audio, profiles=[P240, P360])

    assert "0:a:0" not in command
    assert "-c:a" not in command
    assert command[command.index("-var_stream_map") + 1] == "v:0,name:240p v:1,name:360p"


def test_hls_command_uses_given_binary_and_preset_when_overridden(tmp_path):
    command = hls_command(
        source=Path("in.mp4"),
        out_dir=tmp_path,
        probe=FAKE_PROBE,
        profiles=[P240],
        preset="medium",
        ffmpeg_bin="/opt/ffmpeg/bin/ffmpeg",
    )

    assert command[0] == "/opt/ffmpeg/bin/ffmpeg"
    assert command[command.index("-preset") + 1] == "medium"


@pytest.mark.parametrize(
    "profiles",
    [[], [P240, P240], [P240.__class__(name="bad name", height=240, video_kbps=1, audio_kbps=1)]],
    ids=["empty", "duplicate", "space-in-name"],
)
def test_hls_command_raises_when_profiles_are_unusable(tmp_path, profiles):
    with pytest.raises(ValueError):
        hls_command(source=Path("in.mp4"), out_dir=tmp_path, probe=FAKE_PROBE, profiles=profiles)


def test_transcode_hls_raises_when_out_dir_is_not_empty(tmp_path):
    (tmp_path / "leftover.ts").write_bytes(b"x")

    with pytest.raises(ValueError, match="empty"):
        transcode_hls(source=Path("in.mp4"), out_dir=tmp_path, probe=FAKE_PROBE, profiles=[P240])


# --- real ffmpeg runs ----------------------------------------------------------------


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """A 9-second 640x360 clip with audio: long enough for three 4-second segments."""
    return make_silent_clip(tmp_path_factory.mktemp("ffmpeg") / "clip.mp4", seconds=9)


@pytest.fixture(scope="module")
def hls(clip, tmp_path_factory) -> tuple[Path, HlsOutput]:
    """The clip transcoded once to 240p + 360p; tests only read the result."""
    out_dir = tmp_path_factory.mktemp("hls")
    output = transcode_hls(source=clip, out_dir=out_dir, probe=probe(clip), profiles=[P240, P360])
    return out_dir, output


@pytest.mark.slow
def test_transcode_hls_writes_master_with_bandwidth_resolution_codecs_when_source_has_audio(hls):
    out_dir, output = hls

    assert output.master == Path("master.m3u8")
    stream_infs = _stream_inf_lines(out_dir / "master.m3u8")
    assert len(stream_infs) == 2
    for line in stream_infs:
        assert re.search(r"BANDWIDTH=\d+", line)
        assert re.search(r"RESOLUTION=\d+x\d+", line)
        assert re.search(r'CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2"', line)
    master_text = (out_dir / "master.m3u8").read_text()
    assert "240p/index.m3u8" in master_text and "360p/index.m3u8" in master_text


@pytest.mark.slow
def test_transcode_hls_describes_each_rendition_as_master_lists_it_when_done(hls):
    out_dir, output = hls

    described = [(r.profile.name, r.playlist, r.width, r.height) for r in output.renditions]
    assert described == [
        ("240p", Path("240p/index.m3u8"), 426, 240),
        ("360p", Path("360p/index.m3u8"), 640, 360),
    ]
    master_text = (out_dir / "master.m3u8").read_text()
    for rendition in output.renditions:
        assert f"BANDWIDTH={rendition.bandwidth}," in master_text
        assert f"RESOLUTION={rendition.width}x{rendition.height}" in master_text
        # ffmpeg adds ~10% to the configured video + audio bitrates.
        configured = (rendition.profile.video_kbps + rendition.profile.audio_kbps) * 1000
        assert configured <= rendition.bandwidth <= configured * 1.3


@pytest.mark.slow
def test_transcode_hls_writes_segments_of_about_segment_seconds_when_source_is_longer(hls):
    out_dir, output = hls

    for rendition in output.renditions:
        playlist = out_dir / rendition.playlist
        text = playlist.read_text()
        assert "#EXT-X-PLAYLIST-TYPE:VOD" in text and text.rstrip().endswith("#EXT-X-ENDLIST")
        durations = _extinf_durations(playlist)
        assert len(durations) == 3  # 4 + 4 + 1 seconds
        assert all(d == pytest.approx(4.0, abs=0.1) for d in durations[:-1])
        assert sum(durations) == pytest.approx(9.0, abs=0.2)
        assert all((out_dir / segment).is_file() for segment in rendition.segments)


@pytest.mark.slow
def test_transcode_hls_lists_exactly_the_files_on_disk_when_done(hls):
    out_dir, output = hls

    assert len(output.files) == len(set(output.files))
    assert set(output.files) == _files_on_disk(out_dir)
    assert output.files[0] == Path("master.m3u8")


@pytest.mark.slow
def test_transcode_hls_aligns_segments_across_variants_when_keyframes_are_forced(hls):
    out_dir, output = hls
    low, high = output.renditions

    assert len(low.segments) == len(high.segments)
    assert _extinf_durations(out_dir / low.playlist) == _extinf_durations(out_dir / high.playlist)


@pytest.mark.slow
def test_transcode_hls_makes_video_only_variants_when_source_has_no_audio(tmp_path):
    source = make_silent_clip(tmp_path / "video_only.mp4", seconds=3, audio=False)
    out_dir = tmp_path / "hls"

    output = transcode_hls(source=source, out_dir=out_dir, probe=probe(source), profiles=[P240, P360])

    assert [r.codecs.startswith("avc1.") and "mp4a" not in r.codecs for r in output.renditions] == [True, True]
    first_segment = out_dir / output.renditions[0].segments[0]
    info = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "json", str(first_segment)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert [stream["codec_type"] for stream in json.loads(info)["streams"]] == ["video"]
    assert set(output.files) == _files_on_disk(out_dir)


@pytest.mark.slow
def test_transcode_hls_raises_with_ffmpeg_stderr_when_source_is_corrupt(tmp_path):
    corrupt = tmp_path / "corrupt.mp4"
    corrupt.write_text("this is not a video\n" * 50)

    with pytest.raises(TranscodeError) as caught:
        transcode_hls(source=corrupt, out_dir=tmp_path / "hls", probe=FAKE_PROBE, profiles=[P240])

    assert "Invalid data found when processing input" in str(caught.value)
    assert caught.value.returncode not in (None, 0)


@pytest.mark.slow
def test_transcode_hls_makes_one_rendition_at_source_height_when_source_is_below_240(tmp_path):
    source = make_silent_clip(tmp_path / "tiny.mp4", seconds=3, width=320, height=180)
    probed = probe(source)

    output = transcode_hls(
        source=source, out_dir=tmp_path / "hls", probe=probed, profiles=ladder_for(probed.height), segment_seconds=1
    )

    (rendition,) = output.renditions
    assert (rendition.profile.name, rendition.width, rendition.height) == ("180p", 320, 180)
    assert rendition.playlist == Path("180p/index.m3u8")
    assert len(rendition.segments) == 3
    assert set(output.files) == _files_on_disk(tmp_path / "hls")


@pytest.mark.slow
def test_extract_poster_writes_jpeg_capped_at_1280_wide_when_source_is_1080p(tmp_path):
    # 5 frames are enough for a poster and keep the 1080p encode quick.
    source = make_silent_clip(tmp_path / "full_hd.mp4", seconds=1, width=1920, height=1080, fps=5, audio=False)

    poster = extract_poster(source=source, out_path=tmp_path / "out" / "poster.jpg", at_seconds=0.5)

    assert poster == tmp_path / "out" / "poster.jpg"
    assert poster.read_bytes()[:3] == b"\xff\xd8\xff"  # JPEG signature
    size = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", str(poster)],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert size == "mjpeg,1280,720"


@pytest.mark.slow
def test_extract_poster_keeps_size_when_source_is_narrower_than_1280(clip, tmp_path):
    poster = extract_poster(source=clip, out_path=tmp_path / "poster.jpg", at_seconds=1.0)

    size = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", str(poster)],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert size == "640,360"


@pytest.mark.slow
def test_extract_poster_raises_when_time_is_past_the_end(clip, tmp_path):
    with pytest.raises(TranscodeError, match="no frame"):
        extract_poster(source=clip, out_path=tmp_path / "poster.jpg", at_seconds=60.0)

    assert not (tmp_path / "poster.jpg").exists()

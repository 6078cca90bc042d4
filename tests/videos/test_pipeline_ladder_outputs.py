"""The ladder's extras: audio-only rendition, keyframe spacing, thumbnail sprite and track,
progress reports while ffmpeg runs, and probe limits."""

import subprocess
from pathlib import Path

import pytest

from pdsite.videos.pipeline.commands import hls_command
from pdsite.videos.pipeline.ffmpeg import finished_segments, transcode_hls
from pdsite.videos.pipeline.ladder import LADDER
from pdsite.videos.pipeline.m3u8 import master_renditions
from pdsite.videos.pipeline.probe import ProbeError, ProbeResult, probe
from pdsite.videos.pipeline.sprite import sprite_spec_for, thumbnails_vtt
from pdsite.videos.pipeline.samples import make_silent_clip

PROBE = ProbeResult(
    duration=9.0, width=640, height=360, video_codec="h264", has_audio=True, format_name="mov,mp4", frame_rate=25.0
)


def test_hls_command_adds_audio_only_variant_and_gop_of_one_segment_when_asked(tmp_path):
    command = hls_command(source=tmp_path / "s.mp4", out_dir=tmp_path / "o", probe=PROBE, profiles=list(LADDER[:2]),
                          audio_rendition=True)
    stream_map = command[command.index("-var_stream_map") + 1]
    assert stream_map.endswith(" a:2,name:audio")
    assert command[command.index("-g") + 1] == "100" and command[command.index("-keyint_min") + 1] == "100"
    assert command.count("0:a:0") == 3
    assert "flags=bilinear" in command[command.index("-filter_complex") + 1]


def test_hls_command_splits_one_more_branch_for_thumbnails_when_sprite_is_asked(tmp_path):
    spec = sprite_spec_for(duration=9.0, width=640, height=360)
    command = hls_command(source=tmp_path / "s.mp4", out_dir=tmp_path / "o", probe=PROBE, profiles=[LADDER[0]],
                          sprite=spec, playlist_type="event", report_progress=True)
    graph = command[command.index("-filter_complex") + 1]
    assert graph.endswith("split=2[v0][t];[t]fps=1/2,scale=w=160:h=90:flags=bilinear,setsar=1[thumbs]")
    assert command[command.index("-hls_playlist_type") + 1] == "event"
    assert command[command.index("-progress") + 1] == "pipe:1"


@pytest.mark.parametrize("duration, interval, count", [(9.0, 2.0, 5), (3600.0, 36.0, 100), (1.0, 2.0, 1)])
def test_sprite_spec_keeps_one_sheet_of_at_most_100_tiles_when_videos_are_long(duration, interval, count):
    spec = sprite_spec_for(duration=duration, width=1920, height=1080)
    assert (spec.interval, spec.count) == (interval, count)
    assert spec.columns * spec.rows >= spec.count and spec.tile_width == 160


def test_thumbnails_vtt_names_each_tile_of_the_sprite_when_rendered():
    spec = sprite_spec_for(duration=25.0, width=640, height=360)
    text = thumbnails_vtt(spec, duration=25.0)
    assert text.startswith("WEBVTT")
    assert "00:00:00.000 --> 00:00:02.000\nsprite.jpg#xywh=0,0,160,90" in text
    assert "00:00:20.000 --> 00:00:22.000\nsprite.jpg#xywh=0,90,160,90" in text  # 11th tile: 2nd row
    assert "00:00:24.000 --> 00:00:25.000" in text


def test_master_renditions_reads_the_audio_variant_without_resolution():
    master = (
        '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=510400,RESOLUTION=426x240,CODECS="avc1.4d4015,mp4a.40.2"\n'
        '240p/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=70400,CODECS="mp4a.40.2"\naudio/index.m3u8\n'
    )
    renditions = master_renditions(master)
    assert [(r.profile.name, r.width, r.height, r.bandwidth) for r in renditions] == [
        ("240p", 426, 240, 510400), ("audio", 0, 0, 70400)
    ]


@pytest.mark.slow
def test_transcode_hls_reports_progress_and_publishable_segments_while_running(tmp_path):
    clip = make_silent_clip(tmp_path / "clip.mp4", seconds=9, width=640, height=360)
    probed = probe(clip)
    out = tmp_path / "hls"
    reports = []

    def on_progress(seconds):
        reports.append((seconds, len(finished_segments(out, "240p"))))

    spec = sprite_spec_for(duration=probed.duration, width=probed.width, height=probed.height)
    hls = transcode_hls(source=clip, out_dir=out, probe=probed, profiles=list(LADDER[:2]), audio_rendition=True,
                        sprite=spec, on_progress=on_progress)

    # (The thumbnail output may report up to one tile interval past the end.)
    assert reports and 8.5 <= reports[-1][0] <= 11.0
    assert [r.profile.name for r in hls.renditions] == ["240p", "360p", "audio"]
    assert (out / "sprite.jpg").is_file() and Path("sprite.jpg") in hls.files
    size = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0",
                           str(out / "sprite.jpg")], capture_output=True, text=True).stdout.strip()
    assert size == f"{spec.columns * 160},{spec.rows * 90}"
    assert "#EXT-X-ENDLIST" in (out / "240p" / "index.m3u8").read_text()


@pytest.mark.slow
def test_probe_refuses_absurd_dimensions_and_names_them_when_picture_is_huge(tmp_path):
    huge = tmp_path / "banner.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                    "color=c=red:s=8200x64:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(huge)], check=True)
    with pytest.raises(ProbeError, match="8200x64 pixels; the largest side we accept is 4096"):
        probe(huge, max_dimension=4096)


@pytest.mark.slow
def test_probe_reads_frame_rate_when_clip_is_good(tmp_path):
    clip = make_silent_clip(tmp_path / "clip.mp4", seconds=1, width=320, height=180, fps=30)
    assert probe(clip).frame_rate == pytest.approx(30.0)


@pytest.mark.slow
def test_a_one_frame_picture_over_the_size_limit_is_refused_for_its_size_not_as_a_still(tmp_path):
    """Issue #19, item 11: an 8192x8192 one-frame file named the limit, not "a still image"."""
    frame = tmp_path / "poster.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                    "color=c=blue:s=8192x8192", "-frames:v", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    str(frame)], check=True)
    with pytest.raises(ProbeError, match="8192x8192 pixels; the largest side we accept is 4096"):
        probe(frame, max_dimension=4096)

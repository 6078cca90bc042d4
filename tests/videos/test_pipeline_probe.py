"""probe(): real ffprobe on real files made with ffmpeg, good and bad."""

import subprocess
from pathlib import Path

import pytest

from pdsite.videos.pipeline.probe import ProbeError, ProbeResult, probe
from pdsite.videos.pipeline.samples import make_silent_clip

pytestmark = pytest.mark.slow


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error", *args], check=True)


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """A good 2-second 320x180 H.264/AAC clip, shared by the tests of this module."""
    return make_silent_clip(tmp_path_factory.mktemp("probe") / "clip.mp4", seconds=2, width=320, height=180)


def test_probe_reads_duration_size_and_codecs_when_clip_is_good(clip):
    result = probe(clip)

    assert isinstance(result, ProbeResult)
    assert result.duration == pytest.approx(2.0, abs=0.1)
    assert (result.width, result.height) == (320, 180)
    assert result.video_codec == "h264"
    assert result.has_audio is True
    assert result.audio_codec == "aac"
    assert "mp4" in result.format_name.split(",")
    assert result.rotation == 0


def test_probe_accepts_path_when_name_has_no_extension_or_a_colon(clip, tmp_path):
    odd_name = tmp_path / "source:copy"
    odd_name.write_bytes(clip.read_bytes())

    assert probe(str(odd_name)).duration == pytest.approx(2.0, abs=0.1)


def test_probe_reports_no_audio_when_clip_has_no_audio_stream(tmp_path):
    silent = make_silent_clip(tmp_path / "video_only.mp4", seconds=2, width=320, height=180, audio=False)

    result = probe(silent)

    assert result.has_audio is False
    assert result.audio_codec is None


def test_probe_swaps_width_and_height_when_phone_video_is_rotated(clip, tmp_path):
    rotated = tmp_path / "rotated.mp4"
    _ffmpeg("-i", str(clip), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(rotated))

    result = probe(rotated)
    if result.rotation == 0:
        # ffmpeg 6+ ignores the 'rotate' tag; it sets the display matrix with an input option.
        _ffmpeg("-display_rotation", "90", "-i", str(clip), "-c", "copy", str(rotated))
        result = probe(rotated)

    assert result.rotation in (90, 270)
    assert (result.width, result.height) == (180, 320)


def test_probe_refuses_when_file_is_empty(tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.touch()

    with pytest.raises(ProbeError) as caught:
        probe(empty)

    assert str(caught.value) == "This file is empty."


def test_probe_refuses_with_ffprobe_reason_when_text_is_renamed_mp4(tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("Agenda for the INSET day\n" * 20)

    with pytest.raises(ProbeError) as caught:
        probe(text)

    message = str(caught.value)
    assert message.startswith("This file is not a video we can read (ffprobe: ")
    assert "Invalid data found when processing input" in message
    assert str(tmp_path) not in message  # the server's temp path is not for users


@pytest.mark.parametrize("image_name", ["slide.png", "photo.jpg"])
def test_probe_refuses_as_still_image_when_picture_is_renamed_mp4(tmp_path, image_name):
    image = tmp_path / image_name
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1", str(image))
    renamed = image.rename(tmp_path / "lesson.mp4")

    with pytest.raises(ProbeError) as caught:
        probe(renamed)

    assert str(caught.value) == "This file is a still image, not a video."


@pytest.mark.parametrize("audio_name", ["talk.m4a", "talk.wav"])
def test_probe_refuses_as_audio_only_when_file_has_no_video_stream(tmp_path, audio_name):
    audio = tmp_path / audio_name
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=2", str(audio))

    with pytest.raises(ProbeError) as caught:
        probe(audio)

    assert "no video stream" in str(caught.value)
    assert "only audio" in str(caught.value)


@pytest.mark.parametrize("kept_fraction", [None, 0.8])  # None: the first 2 KB only
def test_probe_refuses_as_incomplete_when_mp4_is_truncated(clip, tmp_path, kept_fraction):
    data = clip.read_bytes()
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(data[:2048] if kept_fraction is None else data[: int(len(data) * kept_fraction)])

    with pytest.raises(ProbeError) as caught:
        probe(truncated)

    assert "incomplete" in str(caught.value)


def test_probe_raises_file_not_found_when_path_does_not_exist(tmp_path):
    with pytest.raises(FileNotFoundError):
        probe(tmp_path / "missing.mp4")

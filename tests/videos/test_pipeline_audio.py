"""The pure parts of described audio (issue #18): the master playlist's audio group, the
audio file's signature and probe, and the audio-only HLS encode, on real files."""

import subprocess

import pytest

from pdsite.videos.pipeline.commands import audio_hls_command
from pdsite.videos.pipeline.ffmpeg import encode_audio_hls
from pdsite.videos.pipeline.clip import media_segments
from pdsite.videos.pipeline.m3u8 import DESCRIBES_VIDEO, AlternateAudio, variant_streams, with_audio_group
from pdsite.videos.pipeline.probe import ProbeError, probe_audio
from pdsite.videos.pipeline.samples import make_described_audio, make_silent_clip
from pdsite.videos.pipeline.sniff import SNIFF_BYTES, looks_like_audio

MASTER = """#EXTM3U
#EXT-X-VERSION:6
#EXT-X-STREAM-INF:BANDWIDTH=510400,RESOLUTION=426x240,CODECS="avc1.4d400d,mp4a.40.2"
240p/index.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=70400,CODECS="mp4a.40.2"
audio/index.m3u8
"""
DESCRIBED = AlternateAudio(
    uri="described-en/index.m3u8", name="English (described)", language="en", characteristics=DESCRIBES_VIDEO
)


def test_master_playlist_offers_the_described_track_in_an_audio_group_when_one_is_given():
    text = with_audio_group(MASTER, [DESCRIBED])
    lines = text.splitlines()
    assert lines[:2] == ["#EXTM3U", "#EXT-X-VERSION:6"]
    assert lines[2] == '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English",LANGUAGE="en",AUTOSELECT=YES,DEFAULT=YES'
    assert lines[3] == (
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English (described)",LANGUAGE="en",'
        'CHARACTERISTICS="public.accessibility.describes-video",AUTOSELECT=NO,DEFAULT=NO,URI="described-en/index.m3u8"'
    )
    # Every variant names the group; the attributes parse as before (CODECS with its comma).
    variants = variant_streams(text)
    assert set(variants) == {"240p/index.m3u8", "audio/index.m3u8"}
    assert all(attributes["AUDIO"] == "audio" for attributes in variants.values())
    assert variants["240p/index.m3u8"]["CODECS"] == "avc1.4d400d,mp4a.40.2"
    assert text.count("#EXT-X-MEDIA:") == 2 and text.endswith("\n")
    # The main audio has no URI: the variants' own muxed sound (RFC 8216 4.3.4.1).
    assert "URI" not in lines[2]


def test_master_playlist_is_unchanged_when_there_is_no_track():
    assert with_audio_group(MASTER, []) == MASTER


@pytest.mark.parametrize(
    "bad",
    [
        AlternateAudio(uri='x".m3u8', name="n", language="en"),
        AlternateAudio(uri="x.m3u8", name="two\nlines", language="en"),
    ],
)
def test_a_value_that_cannot_be_quoted_is_refused_when_building_the_group(bad):
    with pytest.raises(ValueError):
        with_audio_group(MASTER, [bad])


def test_a_variant_with_its_own_audio_group_is_refused():
    with pytest.raises(ValueError):
        with_audio_group(MASTER.replace('CODECS="mp4a.40.2"', 'CODECS="mp4a.40.2",AUDIO="aac"'), [DESCRIBED])


@pytest.fixture(scope="module")
def described_wav(tmp_path_factory):
    path = tmp_path_factory.mktemp("described") / "described.wav"
    return make_described_audio(path, description="The teacher draws a bar model in three parts.", seconds=5.0)


@pytest.mark.slow
def test_audio_files_are_recognised_by_their_first_bytes_and_other_files_are_not(described_wav, tmp_path):
    assert looks_like_audio(described_wav.read_bytes()[:SNIFF_BYTES])
    mp3 = tmp_path / "d.mp3"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(described_wav), str(mp3)], check=True)
    assert looks_like_audio(mp3.read_bytes()[:SNIFF_BYTES])
    assert not looks_like_audio(b"Lesson plan: equivalent fractions\n" * 20)
    assert not looks_like_audio(b"#EXTM3U\n#EXTINF:4,\nhttp://example.com/a.ts\n")


@pytest.mark.slow
def test_probe_audio_reads_duration_when_the_file_is_audio(described_wav):
    probed = probe_audio(described_wav)
    assert probed.duration == pytest.approx(5.0, abs=0.05)
    assert probed.audio_codec == "pcm_s16le" and "wav" in probed.format_name


@pytest.mark.slow
def test_probe_audio_refuses_with_a_sentence_when_the_file_is_damaged_empty_or_silent_video(described_wav, tmp_path):
    damaged = tmp_path / "damaged.wav"
    damaged.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    silent = make_silent_clip(tmp_path / "silent.mp4", seconds=2, audio=False)
    for path, message in ((empty, "empty"), (silent, "no audio stream"), (damaged, "not an audio file we can read")):
        with pytest.raises(ProbeError, match=message):
            probe_audio(path)


def test_audio_hls_command_cuts_at_the_video_segment_length_and_pads_to_its_duration(tmp_path):
    command = audio_hls_command(source=tmp_path / "a.wav", out_dir=tmp_path / "out", duration=6.5, segment_seconds=4)
    assert command[command.index("-hls_time") + 1] == "4"
    assert command[command.index("-t") + 1] == "6.500"
    assert command[command.index("-af") + 1] == "apad"
    assert "-vn" in command and command[command.index("-c:a") + 1] == "aac"
    with pytest.raises(ValueError):
        audio_hls_command(source=tmp_path / "a.wav", out_dir=tmp_path / "o%v", duration=6.5)


@pytest.mark.slow
def test_encode_audio_hls_writes_aligned_audio_only_segments_when_run_with_ffmpeg(described_wav, tmp_path):
    files = encode_audio_hls(source=described_wav, out_dir=tmp_path / "out", duration=7.0, segment_seconds=4)
    playlist = (tmp_path / "out" / files[0]).read_text()
    assert files[0].name == "index.m3u8" and [f.name for f in files[1:]] == ["seg_000.ts", "seg_001.ts"]
    assert "#EXT-X-ENDLIST" in playlist and "#EXT-X-TARGETDURATION:4" in playlist
    total = sum(segment.end - segment.start for segment in media_segments(playlist))
    assert total == pytest.approx(7.0, abs=0.1)  # padded with silence to the video's length
    streams = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name,channels", "-of", "json",
         str(tmp_path / "out" / "seg_000.ts")],
        capture_output=True, text=True, check=True,
    ).stdout
    assert '"codec_type": "audio"' in streams and '"codec_name": "aac"' in streams and '"channels": 2' in streams
    assert '"video"' not in streams


def test_the_described_uri_goes_through_map_uris_like_every_other_file_the_playlist_names():
    from pdsite.videos.pipeline.m3u8 import map_uris

    seen = []
    signed = map_uris(with_audio_group(MASTER, [DESCRIBED]), lambda uri: seen.append(uri) or f"/signed/{uri}")
    assert seen == ["described-en/index.m3u8", "240p/index.m3u8", "audio/index.m3u8"]
    assert 'URI="/signed/described-en/index.m3u8"' in signed

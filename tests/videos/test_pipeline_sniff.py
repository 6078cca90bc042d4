"""The container sniff takes real signatures: files ffmpeg writes in every accepted container
pass; text, web pages, playlists and look-alikes renamed .mp4 do not."""

import subprocess

import pytest

from pdsite.videos.pipeline.sniff import SNIFF_BYTES, looks_like_video

CONTAINERS = {
    "mp4": [],
    "mov": [],
    "webm": ["-c:v", "libvpx", "-deadline", "realtime"],
    "mkv": [],
    "avi": [],
    "ts": [],
    "mpg": ["-c:v", "mpeg2video"],
    "flv": [],
    "wmv": [],
    "ogv": [],
}


@pytest.fixture(scope="module")
def heads(tmp_path_factory) -> dict[str, bytes]:
    """The first SNIFF_BYTES of a tiny real file in each container (ffmpeg's test pattern)."""
    folder = tmp_path_factory.mktemp("containers")
    found = {}
    for extension, codec in CONTAINERS.items():
        path = folder / f"clip.{extension}"
        subprocess.run(
            ["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
             "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-t", "0.4", *codec, str(path)],
            check=True,
        )  # fmt: skip
        found[extension] = path.read_bytes()[:SNIFF_BYTES]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("extension", CONTAINERS)
def test_real_file_passes_when_its_container_is_accepted(heads, extension):
    assert looks_like_video(heads[extension])


@pytest.mark.parametrize(
    "head",
    [
        b"Lesson plan: equivalent fractions\n" * 40,
        b"<!doctype html><html><body>Not a video</body></html>",
        b"#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nhttp://127.0.0.1:9/x.ts\n",
        b"G",  # one MPEG-TS sync byte is not a transport stream
        b"G" + b"x" * 400,
        b"\x1a\x45\xdf\xa3" + b"\0" * 60,  # EBML magic with no WebM/Matroska doc type
        b"\x00\x00\x00\x04ftypisom",  # a box too small to hold a brand
        b"\x00\x00\x00\x20ftyp\x01\x02\x03\x04" + b"\0" * 20,  # an unprintable brand
        b"RIFF\0\0\0\0WAVEfmt ",  # audio, not AVI
        b"",
        b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
    ],
    ids=lambda head: repr(head[:12]),
)
def test_file_is_refused_when_it_only_resembles_a_container(head):
    assert not looks_like_video(head)

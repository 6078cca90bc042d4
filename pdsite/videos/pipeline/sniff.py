"""Whether a file starts like a video container: its first bytes, not its name.

Every upload path (the plain admin form, resumable chunks, S3 multipart) reads the first
``SNIFF_BYTES`` of the file and refuses it unless ``looks_like_video`` finds a container's
real signature there, before ffprobe ever opens it. So a text file, a web page or an HLS
playlist renamed ``.mp4`` is refused with ``NOT_A_VIDEO`` and never reaches ffmpeg.
ffprobe's full check (``probe``) still runs in the transcode.
"""

from __future__ import annotations

__all__ = ["NOT_AN_AUDIO_FILE", "NOT_A_VIDEO", "SNIFF_BYTES", "looks_like_audio", "looks_like_video"]

SNIFF_BYTES = 512

NOT_A_VIDEO = (
    "{name} is not a video file we recognise (it does not start like an MP4, MOV, WebM, MKV, AVI "
    "or MPEG recording). Export the recording as MP4 and upload that."
)

NOT_AN_AUDIO_FILE = (
    "{name} is not an audio file we recognise (it does not start like a WAV, MP3, M4A, AAC, FLAC, "
    "Ogg or WebM recording). Export the described audio as WAV or MP3 and upload that."
)

# Old QuickTime files may open with one of these atoms instead of an "ftyp" box.
_QUICKTIME_ATOMS = (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
_ASF_GUID = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")
_TS_SYNC = 0x47


def looks_like_video(head: bytes) -> bool:
    """True when `head` (a file's first SNIFF_BYTES, or all of a shorter file) carries the
    signature of a container we transcode: MP4/MOV, Matroska/WebM, AVI, MPEG-PS/TS, ASF,
    FLV or Ogg."""
    return any(
        check(head)
        for check in (_iso_media, _matroska, _avi, _mpeg_program, _mpeg_transport, _asf, _flv, _ogg)
    )


def looks_like_audio(head: bytes) -> bool:
    """True when `head` carries the signature of an audio file we encode (a described audio
    track): WAV, MP3 (ID3 tag or frame sync), ADTS AAC, FLAC, Ogg, or an MP4/M4A or
    Matroska/WebM container (ffprobe then checks it holds audio)."""
    return any(check(head) for check in (_wav, _mp3_or_adts, _flac, _ogg, _iso_media, _matroska))


def _wav(head: bytes) -> bool:
    return head.startswith(b"RIFF") and head[8:12] == b"WAVE"


def _mp3_or_adts(head: bytes) -> bool:
    """An ID3v2 tag, or an MPEG audio / ADTS frame header: eleven (or twelve) set sync bits."""
    return head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _flac(head: bytes) -> bool:
    return head.startswith(b"fLaC")


def _iso_media(head: bytes) -> bool:
    """MP4, MOV, M4V, 3GP: a box whose type is at offset 4 and whose size is sane.

    An "ftyp" box holds at least its size, type, major brand and minor version (16
    bytes) and its brand is four printable characters ("isom", "qt  ", "mp42").
    """
    if len(head) < 16:
        return False
    size, kind = int.from_bytes(head[:4], "big"), head[4:8]
    if kind == b"ftyp":
        return size >= 16 and all(0x20 <= byte < 0x7F for byte in head[8:12])
    # 0: the box runs to the end of the file; 1: a 64-bit size follows.
    return kind in _QUICKTIME_ATOMS and (size in (0, 1) or size >= 8)


def _matroska(head: bytes) -> bool:
    """The EBML magic 1A 45 DF A3, then a DocType of "webm" or "matroska" in the header."""
    return head.startswith(b"\x1a\x45\xdf\xa3") and (b"webm" in head[:64] or b"matroska" in head[:64])


def _avi(head: bytes) -> bool:
    return head.startswith(b"RIFF") and head[8:12] == b"AVI "


def _mpeg_program(head: bytes) -> bool:
    """An MPEG program stream (DVD .vob, .mpg) opens with a pack header."""
    return head.startswith(b"\x00\x00\x01\xba")


def _mpeg_transport(head: bytes) -> bool:
    """A sync byte every 188 bytes (.ts), or every 192 after a 4-byte timestamp (.mts,
    .m2ts from camcorders): three packets in a row, so one stray 'G' is not enough."""
    return any(
        len(head) > start + 2 * packet and all(head[start + i * packet] == _TS_SYNC for i in range(3))
        for start, packet in ((0, 188), (4, 192))
    )


def _asf(head: bytes) -> bool:
    """ASF / WMV: the 16-byte header object GUID."""
    return head.startswith(_ASF_GUID)


def _flv(head: bytes) -> bool:
    return head.startswith(b"FLV\x01")


def _ogg(head: bytes) -> bool:
    return head.startswith(b"OggS\x00")

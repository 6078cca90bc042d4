"""Generate real sample media: for tests, the demo seed data and benchmarks.

``make_sample_clip`` speaks sentences with espeak-ng over an ffmpeg test
pattern and returns the exact caption cue of each sentence, so a demo video
comes with captions that really match its audio. ``make_silent_clip`` makes
a quick clip with a plain tone (or no audio at all). ``make_described_audio`` speaks a
description into a WAV of a given length (a described audio track). Generated files are
never committed; make them when needed.

Needs the ``ffmpeg`` and ``espeak-ng`` programs; the DejaVu font is used for
the title when present (the title is simply left out when it is not).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

from .vtt import Cue, render_vtt

__all__ = ["make_described_audio", "make_sample_clip", "make_silent_clip", "write_vtt"]

FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SPEECH_WORDS_PER_MINUTE = 160
GAP_SECONDS = 0.3  # silence between sentences, and after the last one


def make_sample_clip(
    out_path: Path,
    *,
    title: str,
    sentences: list[str],
    width: int = 640,
    height: int = 360,
    fps: int = 25,
    voice: str = "en-gb",
    seconds: float | None = None,
    ffmpeg_bin: str = "ffmpeg",
    espeak_bin: str = "espeak-ng",
) -> list[Cue]:
    """Write an H.264/AAC MP4 of ``sentences`` spoken over a test pattern titled ``title``.

    Each sentence is spoken by espeak-ng, followed by 0.3 s of silence; the
    video lasts exactly as long as that audio. Returns one ``Cue`` per
    sentence, in order, with the time (to the millisecond) at which its
    speech starts and ends in the file, and the sentence as its text.
    With ``seconds`` (a lesson-length recording from a few sentences), the
    sentences are spoken again and again, in order, until the speech lasts
    that long, and the clip is cut at exactly ``seconds``: one cue per
    sentence spoken, the last one cut at the end.
    Only ``out_path`` is left behind (written whole at the end, so a failure
    leaves no half-made file). Raises ``ValueError`` for no or blank
    sentences or a non-positive ``seconds``, and ``RuntimeError`` when
    espeak-ng or ffmpeg fails.
    """
    if not sentences or any(not sentence.strip() for sentence in sentences):
        raise ValueError("sentences must be a non-empty list of non-blank strings")
    if seconds is not None and seconds <= 0:
        raise ValueError(f"seconds must be positive, got {seconds}")
    out_path = Path(out_path)

    with tempfile.TemporaryDirectory(prefix="sample-clip-") as tmp:
        work = Path(tmp)
        speech_wavs = [
            _speak(sentence, work / f"sentence_{i:03d}.wav", voice=voice, espeak_bin=espeak_bin)
            for i, sentence in enumerate(sentences)
        ]
        spoken = list(sentences)
        if seconds is not None:
            spoken, speech_wavs = _repeat_until(seconds, sentences, speech_wavs)
        speech_wav = work / "speech.wav"
        spans = _concatenate_wavs(speech_wavs, speech_wav, gap_seconds=GAP_SECONDS)
        seconds = seconds or _wav_seconds(speech_wav)

        video_filters = []
        if FONT_FILE.is_file():
            # The title goes through a file rather than the filter string, so
            # quotes, colons and commas in it need no escaping. expansion=none
            # stops drawtext reading "%{...}" in it as a template.
            (work / "title.txt").write_text(title, encoding="utf-8")
            font_size = max(12, height // 12)
            video_filters.append(
                f"drawtext=fontfile={FONT_FILE}:textfile=title.txt:expansion=none"
                f":fontsize={font_size}:fontcolor=white:box=1:boxcolor=black@0.6"
                f":boxborderw={font_size // 3}:x=(w-text_w)/2:y=h/10"
            )
        _encode(
            work=work,
            video_source=f"testsrc2=size={width}x{height}:rate={fps}",
            audio_input=["-i", speech_wav.name],
            video_filters=video_filters,
            seconds=seconds,
            out_path=out_path,
            ffmpeg_bin=ffmpeg_bin,
        )

    return [
        Cue(start=round(start, 3), end=round(min(end, seconds), 3), text=" ".join(sentence.split()))
        for sentence, (start, end) in zip(spoken, spans)
        if start < seconds
    ]


def _repeat_until(seconds: float, sentences: list[str], wavs: list[Path]) -> tuple[list[str], list[Path]]:
    """The sentences and their WAVs, cycled in order until they last at least ``seconds``."""
    lengths = [_wav_seconds(wav) + GAP_SECONDS for wav in wavs]
    spoken, parts, total = [], [], 0.0
    while total < seconds:
        i = len(parts) % len(wavs)
        spoken.append(sentences[i])
        parts.append(wavs[i])
        total += lengths[i]
    return spoken, parts


def make_silent_clip(
    out_path: Path,
    *,
    seconds: float,
    width: int = 640,
    height: int = 360,
    fps: int = 25,
    audio: bool = True,
    ffmpeg_bin: str = "ffmpeg",
) -> Path:
    """Write a quick H.264 MP4 test pattern of ``seconds``, with a 440 Hz tone as AAC audio.

    "Silent" as in no speech. With ``audio=False`` the file has no audio
    stream at all (for testing video-only sources). Returns ``out_path``.
    """
    if seconds <= 0:
        raise ValueError(f"seconds must be positive, got {seconds}")
    out_path = Path(out_path)
    with tempfile.TemporaryDirectory(prefix="silent-clip-") as tmp:
        audio_input = (
            ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
            if audio
            else []
        )
        _encode(
            work=Path(tmp),
            video_source=f"testsrc2=size={width}x{height}:rate={fps}",
            audio_input=audio_input,
            video_filters=[],
            seconds=seconds,
            out_path=out_path,
            ffmpeg_bin=ffmpeg_bin,
        )
    return out_path


def write_vtt(path: Path, cues: list[Cue]) -> Path:
    """Write ``cues`` as a UTF-8 WebVTT file at ``path`` and return ``path``."""
    path = Path(path)
    path.write_text(render_vtt(cues), encoding="utf-8")
    return path


def make_described_audio(
    path: str | Path,
    *,
    description: str,
    seconds: float,
    voice: str = "en",
    espeak_bin: str = "espeak-ng",
    ffmpeg_bin: str = "ffmpeg",
) -> Path:
    """Write a WAV of exactly ``seconds``: espeak-ng speaking ``description`` over a quiet
    tone, then the tone alone (cut if the speech is longer). Returns ``path``."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="pdsite-described-") as workdir:
        speech = _speak(description, Path(workdir) / "speech.wav", voice=voice, espeak_bin=espeak_bin)
        _run(
            [
                ffmpeg_bin, "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
                "-i", str(speech),
                "-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds:.3f}",
                "-filter_complex", "[1:a]volume=0.1[tone];[0:a][tone]amix=inputs=2:duration=longest",
                "-t", f"{seconds:.3f}", "-ar", "44100",
                str(path),
            ],  # fmt: skip
            what="ffmpeg (described audio)",
        )
    return path


def _speak(sentence: str, wav_path: Path, *, voice: str, espeak_bin: str) -> Path:
    """Have espeak-ng say ``sentence`` into ``wav_path`` (mono 16-bit PCM)."""
    # The text goes in a file (-f) rather than on the command line so that a
    # sentence starting with "-" cannot be taken for an option.
    text_path = wav_path.with_suffix(".txt")
    text_path.write_text(sentence, encoding="utf-8")
    _run(
        [
            espeak_bin,
            "-v", voice,
            "-s", str(SPEECH_WORDS_PER_MINUTE),
            "-w", str(wav_path),
            "-f", str(text_path),
        ],  # fmt: skip
        what=f"espeak-ng (voice {voice!r})",
    )
    return wav_path


def _concatenate_wavs(
    parts: list[Path], out_path: Path, *, gap_seconds: float
) -> list[tuple[float, float]]:
    """Join WAV files with ``gap_seconds`` of silence after each; return each part's (start, end).

    Done with the wave module, sample by sample, so the returned times are
    exact: the cue times are computed from the same sample counts that end
    up in the file.
    """
    with wave.open(str(parts[0]), "rb") as first:
        wav_format = (first.getnchannels(), first.getsampwidth(), first.getframerate())
    channels, sample_width, rate = wav_format
    gap_frames = round(gap_seconds * rate)
    # All-zero samples are silence in 16-bit PCM, which is what espeak-ng writes.
    silence = b"\0" * (gap_frames * channels * sample_width)

    spans: list[tuple[float, float]] = []
    position = 0  # in sample frames (one sample per channel)
    with wave.open(str(out_path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(sample_width)
        out.setframerate(rate)
        for part in parts:
            with wave.open(str(part), "rb") as source:
                if (source.getnchannels(), source.getsampwidth(), source.getframerate()) != wav_format:
                    raise RuntimeError(f"{part.name} has a different WAV format from the first sentence")
                frames = source.getnframes()
                out.writeframes(source.readframes(frames))
            spans.append((position / rate, (position + frames) / rate))
            out.writeframes(silence)
            position += frames + gap_frames
    return spans


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def _encode(
    *,
    work: Path,
    video_source: str,
    audio_input: list[str],
    video_filters: list[str],
    seconds: float,
    out_path: Path,
    ffmpeg_bin: str,
) -> None:
    """Encode a lavfi test pattern (+ optional audio input) to an MP4 at ``out_path``.

    ffmpeg runs in ``work`` (so filters can name files there without path
    escaping) and writes there first; the finished file is then moved to
    ``out_path``.
    """
    temporary = work / "out.mp4"
    command = [
        ffmpeg_bin,
        "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
        "-f", "lavfi", "-i", video_source,
        *audio_input,
        *(["-vf", ",".join(video_filters)] if video_filters else []),
        "-t", f"{seconds:.3f}",
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        *(["-c:a", "aac", "-b:a", "96k"] if audio_input else []),
        "-movflags", "+faststart",  # index first, so players can start before the end downloads
        temporary.name,
    ]  # fmt: skip
    _run(command, what="ffmpeg", cwd=work)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(temporary, out_path)


def _run(command: list[str], *, what: str, cwd: Path | None = None) -> None:
    completed = subprocess.run(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        check=False,
    )
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{what} failed (exit code {completed.returncode}):\n{tail}")

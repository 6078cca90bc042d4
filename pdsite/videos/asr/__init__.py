"""Offline speech recognition for draft transcripts.

An engine is any class with ``name`` and ``transcribe(audio_path) -> list[Cue]`` (16 kHz mono
WAV in, caption cues out). Which one runs is the ``PDSITE_ASR_ENGINE`` setting, a dotted
path; the default, ``pocketsphinx``'s bundled English model, needs no download. A Whisper
engine plugs in by writing one such class and pointing the setting at it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from ..pipeline.commands import source_input
from ..pipeline.vtt import Cue

__all__ = ["AsrError", "Engine", "Word", "cues_from_words", "extract_audio", "get_engine"]

SAMPLE_RATE = 16_000
MAX_CUE_SECONDS = 7.0
MAX_LINE_CHARS = 42  # two lines of this make one cue, as broadcasters' caption guides advise
PAUSE_SECONDS = 0.6  # a silence this long ends a cue


class AsrError(RuntimeError):
    """Speech recognition could not run; the message says why."""


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float


class Engine(Protocol):
    name: str

    def transcribe(self, audio_path: Path) -> list[Cue]: ...


def get_engine() -> Engine | None:
    """The configured engine, or None when ``PDSITE_ASR_ENGINE`` is empty (drafts off)."""
    path = getattr(settings, "PDSITE_ASR_ENGINE", "")
    if not path:
        return None
    return import_string(path)()


def extract_audio(source: Path, out_path: Path, *, ffmpeg_bin: str = "ffmpeg") -> Path:
    """Write the first audio stream of ``source`` as 16 kHz mono 16-bit WAV at ``out_path``.

    Raises AsrError when ffmpeg fails (for example, a file with no audio stream).
    """
    completed = subprocess.run(
        [
            ffmpeg_bin, "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
            *source_input(source), "-vn", "-ac", "1", "-ar", str(SAMPLE_RATE), "-c:a", "pcm_s16le",
            "-f", "wav", str(out_path),
        ],  # fmt: skip
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.strip().splitlines()[-5:])
        raise AsrError(f"Could not extract the audio (is there an audio track?): {tail}")
    return out_path


def cues_from_words(
    words: list[Word],
    *,
    max_seconds: float = MAX_CUE_SECONDS,
    max_chars: int = 2 * MAX_LINE_CHARS,
    pause_seconds: float = PAUSE_SECONDS,
) -> list[Cue]:
    """Group recognised words into caption cues, breaking where a reader would.

    A cue ends at the end of a sentence (once it holds a few words), before a pause of
    ``pause_seconds`` or more, and before a word that would make it longer than
    ``max_seconds`` or ``max_chars`` (two caption lines); in that last case it breaks after
    the last comma in its second half, if there is one, so clauses stay together.
    """
    cues: list[Cue] = []
    current: list[Word] = []

    def emit(group: list[Word]) -> None:
        cues.append(
            Cue(start=round(group[0].start, 3), end=round(group[-1].end, 3), text=" ".join(w.text for w in group))
        )

    def length(group: list[Word]) -> int:
        return sum(len(w.text) + 1 for w in group) - 1

    for word in words:
        if current and word.start - current[-1].end >= pause_seconds:
            emit(current)
            current = []
        if current and (word.end - current[0].start > max_seconds or length([*current, word]) > max_chars):
            commas = [i for i, w in enumerate(current) if w.text.endswith(",") and i >= len(current) // 2]
            cut = commas[-1] + 1 if commas else len(current)
            emit(current[:cut])
            current = current[cut:]
        current.append(word)
        if word.text.endswith((".", "?", "!")) and (len(current) >= 4 or word.end - current[0].start >= 2.0):
            emit(current)
            current = []
    if current:
        emit(current)
    return cues

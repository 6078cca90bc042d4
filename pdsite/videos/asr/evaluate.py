"""Measure an engine's word error rate on clips whose words are known."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import Engine, extract_audio
from .wer import word_errors


@dataclass(frozen=True)
class ClipScore:
    name: str
    errors: int
    reference_words: int
    seconds: float
    hypothesis: str

    @property
    def wer(self) -> float:
        return self.errors / self.reference_words


def corpus_wer(scores: list[ClipScore]) -> float:
    """All the edits over all the reference words (long clips weigh more than short ones)."""
    return sum(s.errors for s in scores) / sum(s.reference_words for s in scores)


def score_clips(
    clips: Iterable[tuple[str, Path, str]], *, engine: Engine, ffmpeg_bin: str = "ffmpeg"
) -> Iterable[ClipScore]:
    """For each (name, media file, reference text): transcribe and score; yields as it goes."""
    for name, media, reference in clips:
        with tempfile.TemporaryDirectory(prefix="pdsite-wer-") as workdir:
            audio = extract_audio(Path(media), Path(workdir) / "audio.wav", ffmpeg_bin=ffmpeg_bin)
            started = time.monotonic()
            hypothesis = " ".join(cue.text for cue in engine.transcribe(audio))
            seconds = time.monotonic() - started
        errors, reference_words = word_errors(reference, hypothesis)
        yield ClipScore(name, errors, reference_words, seconds, hypothesis)

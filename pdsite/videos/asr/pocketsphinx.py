"""The default engine: CMU PocketSphinx with the US English model bundled in its PyPI wheel.

Fast and fully offline, but far less accurate than a neural model; its output is a draft
that a PD lead reviews before it is approved.
"""

from __future__ import annotations

import re
import wave
from pathlib import Path

from ..pipeline.vtt import Cue
from . import SAMPLE_RATE, AsrError, Word, cues_from_words

FRAMES_PER_SECOND = 100  # PocketSphinx reports times in 10 ms frames
CHUNK_SECONDS = 30  # fed in pieces so long recordings need not sit in memory at once
# Filler and silence tokens, and the "(2)" that marks alternative pronunciations.
_NOT_A_WORD = re.compile(r"^(<.*>|\[.*\]|\+\+.*\+\+)$")
_ALTERNATIVE = re.compile(r"\(\d+\)$")


class PocketSphinxEngine:
    name = "pocketsphinx"

    def transcribe(self, audio_path: Path) -> list[Cue]:
        return cues_from_words(self.words(audio_path))

    def words(self, audio_path: Path) -> list[Word]:
        """Recognised words with their times, from a 16 kHz mono 16-bit WAV file."""
        from pocketsphinx import Decoder

        with wave.open(str(audio_path), "rb") as wav:
            if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (1, 2, SAMPLE_RATE):
                raise AsrError("PocketSphinx needs 16 kHz mono 16-bit WAV audio.")
            decoder = Decoder(samprate=SAMPLE_RATE, loglevel="FATAL")
            decoder.start_utt()
            while chunk := wav.readframes(SAMPLE_RATE * CHUNK_SECONDS):
                decoder.process_raw(chunk, full_utt=False)
            decoder.end_utt()
        words = []
        for segment in decoder.seg():
            text = _ALTERNATIVE.sub("", segment.word)
            if _NOT_A_WORD.match(text):
                continue
            words.append(
                Word(
                    text=text,
                    start=segment.start_frame / FRAMES_PER_SECOND,
                    end=(segment.end_frame + 1) / FRAMES_PER_SECOND,
                )
            )
        return words

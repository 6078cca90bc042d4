"""Reads of transcripts: one video's transcript and cues, the captions track, plain text.
Who may read them is the video's rule (`videos.access`): callers ask it first.

The captions track is rendered from the segments on each request (`captions_vtt`), so it is
always the current cues; this is the only place it is rendered.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Transcript, Video
from ..pipeline.vtt import Cue, format_timestamp, render_vtt


def transcript_for_video(*, video: Video, language: str = "en") -> Transcript | None:
    return Transcript.objects.filter(video=video, language=language).first()


def transcript_cues(*, transcript: Transcript) -> list[Cue]:
    return [Cue(start=s.start, end=s.end, text=s.text) for s in transcript.segments.order_by("start")]


def captions_vtt(*, video: Video, language: str = "en") -> str | None:
    """The current cues as a WebVTT captions track, or None without a transcript."""
    transcript = transcript_for_video(video=video, language=language)
    if transcript is None:
        return None
    return render_vtt(transcript_cues(transcript=transcript))


def transcript_plain_text(cues: Iterable[Cue]) -> str:
    """The transcript as plain text: one cue per line, with its start time."""
    return "".join(f"[{format_timestamp(c.start)[:-4]}] {c.text}\n" for c in cues)

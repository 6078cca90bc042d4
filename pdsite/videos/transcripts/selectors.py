"""Reads of transcripts: one video's transcript and cues, the captions track, plain text.
Who may read them is the video's rule (`videos.access`): callers ask it first.

The captions track is rendered from the segments on each request (`captions_vtt`), so it is
always the current cues; this is the only place it is rendered.

A viewer allowed only part of a private recording (`access.video_windows` is a list) reads
only the cues overlapping their windows: pass `windows` to `captions_vtt`, or ask
`transcript_cues_for_viewer`, which asks the windows itself (the transcript panel, a
recording's transcript search).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..access import video_windows
from ..models import Transcript, Video
from ..pipeline.clip import kept_cues
from ..pipeline.vtt import Cue, format_timestamp, render_vtt


def transcript_for_video(*, video: Video, language: str = "en") -> Transcript | None:
    return Transcript.objects.filter(video=video, language=language).first()


def transcript_cues(*, transcript: Transcript) -> list[Cue]:
    return [Cue(start=s.start, end=s.end, text=s.text) for s in transcript.segments.order_by("start")]


def captions_vtt(*, video: Video, language: str = "en", windows=None) -> str | None:
    """The current cues as a WebVTT captions track, or None without a transcript. With
    `windows` (None: the whole video), only the cues overlapping them."""
    transcript = transcript_for_video(video=video, language=language)
    if transcript is None:
        return None
    cues = transcript_cues(transcript=transcript)
    return render_vtt(cues if windows is None else kept_cues(cues, windows))


def transcript_cues_for_viewer(viewer, *, video: Video, transcript: Transcript) -> list[Cue]:
    """The cues of `transcript` that `viewer` (a request or a user who may see `video`: ask
    `access` first) may read: all of them, or those overlapping their windows."""
    cues = transcript_cues(transcript=transcript)
    windows = video_windows(viewer, video)
    return cues if windows is None else kept_cues(cues, windows)


def transcript_downloadable(video: Video) -> bool:
    """Whether the transcript may be downloaded whole: never for a private recording (children
    speak in it, and no copy of it should leave pdsite)."""
    return not video.private


def transcript_plain_text(cues: Iterable[Cue]) -> str:
    """The transcript as plain text: one cue per line, with its start time."""
    return "".join(f"[{format_timestamp(c.start)[:-4]}] {c.text}\n" for c in cues)

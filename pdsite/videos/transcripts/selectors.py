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
from .languages import caption_languages


def transcript_for_video(*, video: Video, language: str = "en") -> Transcript | None:
    return Transcript.objects.filter(video=video, language=language).first()


def caption_tracks(*, video: Video) -> list[tuple[str, str]]:
    """The caption languages the player and transcript panel offer, (code, name) in the order
    `PDSITE_CAPTION_LANGUAGES` lists them: each approved transcript in one of the site's
    languages. The main language's draft counts too, as it always has (a speech-recognition
    draft is shown, badged "needs review"); a draft in an added language stays in the editor
    until it is approved."""
    return caption_tracks_of(video_id=video.pk)


def caption_tracks_of(*, video_id: int) -> list[tuple[str, str]]:
    """`caption_tracks` by the video's id (search indexes the same languages the player offers)."""
    languages = caption_languages()
    main = next(iter(languages))
    rows = Transcript.objects.filter(video_id=video_id, language__in=languages).values_list("language", "status")
    shown = {code for code, status in rows if code == main or status == Transcript.Status.APPROVED}
    return [(code, name) for code, name in languages.items() if code in shown]


def transcript_cues(*, transcript: Transcript) -> list[Cue]:
    return [Cue(start=s.start, end=s.end, text=s.text) for s in transcript.segments.order_by("start")]


def captions_vtt(*, video: Video, language: str = "en", windows=None) -> str | None:
    """The current cues as a WebVTT captions track, or None when `language` is not one of the
    video's caption tracks (`caption_tracks`: no transcript, a draft in an added language, a
    language the site does not offer). With `windows` (None: the whole video), only the cues
    overlapping them."""
    if language not in dict(caption_tracks(video=video)):
        return None
    transcript = transcript_for_video(video=video, language=language)
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

"""Reads of audio descriptions: a video's description languages, their cues, the WebVTT track.
Who may read them is the video's rule (`videos.access`): callers ask it first.

The track is rendered from the cues on each request, like the captions track. An extended
cue (the video pauses while it is spoken) carries the identifier `extended-N`, the others
`N`: the player reads the pause from the identifier, so the track stays plain WebVTT that any
player can show.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import DescriptionCue, DescriptionTrack, Video
from ..pipeline.clip import kept_cues
from ..pipeline.vtt import Cue, render_vtt
from ..transcripts.languages import caption_languages

EXTENDED_PREFIX = "extended-"


@dataclass(frozen=True)
class Description:
    """One description cue as the editor and the player use it."""

    start: float
    end: float
    text: str
    extended: bool = False

    @property
    def cue(self) -> Cue:
        return Cue(start=self.start, end=self.end, text=self.text)


def description_track(*, video: Video, language: str) -> DescriptionTrack | None:
    return DescriptionTrack.objects.filter(video=video, language=language).first()


def description_languages(*, video: Video) -> list[tuple[str, str]]:
    """The languages the video is described in, (code, name) in the site's order: each of the
    site's caption languages with at least one description cue. One query."""
    described = set(
        DescriptionCue.objects.filter(track__video=video).values_list("track__language", flat=True).distinct()
    )
    return [(code, name) for code, name in caption_languages().items() if code in described]


def descriptions(*, track: DescriptionTrack | None) -> list[Description]:
    if track is None:
        return []
    return [Description(start=c.start, end=c.end, text=c.text, extended=c.extended) for c in track.cues.all()]


def descriptions_vtt(*, video: Video, language: str, windows=None) -> str | None:
    """The descriptions as a WebVTT track, or None when the video is not described in
    `language`. With `windows` (None: the whole video), only the cues overlapping them."""
    if language not in dict(description_languages(video=video)):
        return None
    cues = descriptions(track=description_track(video=video, language=language))
    if windows is not None:
        cues = kept_cues(cues, windows)
    identifiers = [f"{EXTENDED_PREFIX}{n}" if c.extended else str(n) for n, c in enumerate(cues, start=1)]
    return render_vtt([c.cue for c in cues], identifiers=identifiers)

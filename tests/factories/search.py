"""The demo clips as searchable rows, without transcoding, and the relevance query set.

`demo_library` makes, for every clip of the demo seed (pdsite.courses.demo.content.CLIPS), a
READY Video, a live PDVideoPage with its units, Big Ideas and principles, and a transcript
imported from WebVTT the way the seed makes it: one cue per narration sentence, the sentences
back to back with GAP_SECONDS between them. The seed times each cue by espeak-ng's audio;
here a sentence lasts as long as it takes at the seed's speaking rate, which is close enough
for the ±5 s the relevance test allows (no audio, so no ffmpeg or espeak needed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pdsite.courses.demo.content import CLIPS, SEARCH_EXAMPLES, unit_by_slug
from pdsite.courses.models import BigIdea, EssencePrinciple, Unit
from pdsite.videos.transcripts import services
from pdsite.videos.pipeline.samples import GAP_SECONDS, SPEECH_WORDS_PER_MINUTE
from pdsite.videos.pipeline.vtt import Cue, render_vtt

from .courses import PDVideoPageFactory, UnitFactory

SECONDS_PER_WORD = 60 / SPEECH_WORDS_PER_MINUTE
STOP = set("a an and are as at be but by do for from how if in into is it of on or so that the their them then to was we with".split())


def narration_cues(narration) -> list[Cue]:
    cues, clock = [], 0.0
    for sentence in narration:
        seconds = len(sentence.split()) * SECONDS_PER_WORD
        cues.append(Cue(start=round(clock, 3), end=round(clock + seconds, 3), text=sentence))
        clock += seconds + GAP_SECONDS
    return cues


@dataclass(frozen=True)
class RelevanceCase:
    query: str
    slug: str  # the clip that must be in the top three
    second: float  # where the words are said


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9'-]+", text.lower())


def relevance_cases() -> list[RelevanceCase]:
    """The seed's own search examples, plus one distinctive phrase from late in each clip.

    A generated phrase is the 2–3 word run, in the fourth sentence, whose words are rarest
    across all the clips and which is said in no other clip: late in the clip, so a timestamp
    at the clip's start does not pass by accident.
    """
    transcripts = {clip.slug: " ".join(_words(clip.transcript)) for clip in CLIPS}
    frequency: dict[str, int] = {}
    for text in transcripts.values():
        for word in set(text.split()):
            frequency[word] = frequency.get(word, 0) + 1
    cases = []
    clips = {clip.slug: clip for clip in CLIPS}
    for phrase, slug in SEARCH_EXAMPLES:
        cues = narration_cues(clips[slug].narration)
        needle = " ".join(_words(phrase))
        second = next(cue.start for cue in cues if needle in " ".join(_words(cue.text)))
        cases.append(RelevanceCase(query=phrase, slug=slug, second=second))
    for clip in CLIPS:
        cues = narration_cues(clip.narration)
        words = _words(cues[3].text)
        best = None
        for size in (3, 2):
            for i in range(len(words) - size + 1):
                window = words[i : i + size]
                if window[0] in STOP or window[-1] in STOP or min(map(len, window)) < 2:
                    continue
                text = " ".join(window)
                if sum(text in other for slug, other in transcripts.items() if slug != clip.slug):
                    continue
                score = sum(frequency[w] for w in window if w not in STOP)
                if best is None or score < best[0]:
                    best = (score, text)
        if best and all(case.query != best[1] for case in cases):
            cases.append(RelevanceCase(query=best[1], slug=clip.slug, second=cues[3].start))
    return cases


def build_demo_library(clip_library) -> dict:
    """Rows for every demo clip (see the module docstring); returns {slug: PDVideoPage}.

    Call inside `django_capture_on_commit_callbacks(execute=True)` so indexing runs.
    """
    pages = {}
    for clip in CLIPS:
        units = []
        for slug in clip.unit_slugs:
            unit = Unit.objects.filter(slug=slug).first()
            if unit is None:
                data = unit_by_slug(slug)
                unit = UnitFactory(slug=slug, title=data.unit_title, block__year__number=data.year)
            units.append(unit)
        cues = narration_cues(clip.narration)
        page = PDVideoPageFactory(
            parent=clip_library,
            title=clip.title,
            slug=clip.slug,
            summary=f"<p>{clip.summary}</p>",
            video__title=clip.title,
            video__duration=cues[-1].end + GAP_SECONDS,
            units=units,
            big_ideas=list(BigIdea.objects.filter(slug__in=clip.big_ideas)),
            principles=list(EssencePrinciple.objects.filter(order__in=clip.principles)),
            representations=list(clip.representations),
        )
        pages[clip.slug] = page
        services.transcript_import(video=page.video, vtt_text=render_vtt(cues))
    return pages

"""Seed the courses part of the demo: the section pages under home, the whole Y7–9 grid, the
Big Idea and Essence pages, the demo unit pages, the PD clips (each a real video: espeak-ng
narration over a test pattern, transcoded by the real pipeline, captioned) and the PD modules.

`seed(home=..., small=..., stderr=...)` is called by seed_demo, after home's logins and
before the pathways, which step through these clips. Idempotent: every row and page is looked
up by its slug (or its Big Idea, principle or unit) first, so a second run creates nothing.
The data comes from `content` and sections.yaml.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.html import escape
from tqdm import tqdm

from pdsite.celery import app as celery_app
from pdsite.courses import models as courses
from pdsite.videos import services as video_services
from pdsite.videos.descriptions.selectors import Description
from pdsite.videos.descriptions.services import descriptions_save
from pdsite.videos.models import Video
from pdsite.videos.pipeline.samples import make_sample_clip
from pdsite.videos.pipeline.vtt import Cue, render_vtt
from pdsite.videos.transcripts.services import transcript_import

from . import content as demo
from .loader import load

__all__ = ["SMALL_UNIT_COUNT", "paragraphs", "publish_child", "seed"]

SMALL_UNIT_COUNT = 3
SECTION_MODELS = {
    model.__name__: model
    for model in (
        courses.CurriculumIndexPage,
        courses.ClipLibraryPage,
        courses.BigIdeaIndexPage,
        courses.EssenceIndexPage,
        courses.ModuleIndexPage,
    )
}


def _section(item: dict) -> tuple:
    if item["page"] not in SECTION_MODELS:
        raise ValueError(f"page must be one of {', '.join(SECTION_MODELS)}, not {item['page']!r}")
    return (SECTION_MODELS[item["page"]], item["slug"], item["title"], item["intro"])


# model, slug, title, intro
SECTIONS = load("courses", "sections", {"sections": list}).records("sections", _section)


def paragraphs(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def seed(*, home, small: bool = False, stderr: TextIO | None = None) -> None:
    """Create whatever of the courses demo is missing under `home` (the site's HomePage).

    `small` seeds only the first SMALL_UNIT_COUNT unit pages with one clip each (the grid, the
    idea pages and the modules stay whole; module clip items not seeded are left out). The
    clips' progress bar goes to `stderr`. Raises RuntimeError when a clip does not transcode.
    """
    units = demo.UNITS[:SMALL_UNIT_COUNT] if small else demo.UNITS
    sections = _sections(home)
    _curriculum()
    _idea_pages(sections[courses.BigIdeaIndexPage], sections[courses.EssenceIndexPage])
    _unit_pages(sections[courses.CurriculumIndexPage], units)
    # A clip linked to two units is listed by both; keep the first. --small: one per unit.
    per_unit = [demo.clips_for_unit(unit.slug)[:1] if small else demo.clips_for_unit(unit.slug) for unit in units]
    clips = list({clip.slug: clip for unit_clips in per_unit for clip in unit_clips}.values())
    _clips(sections[courses.ClipLibraryPage], clips, stderr=stderr)
    _modules(sections[courses.ModuleIndexPage])


# --- structure ----------------------------------------------------------------------------


def _sections(home) -> dict:
    found = {}
    for model, slug, title, intro in SECTIONS:
        page = model.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = publish_child(home, model(title=title, slug=slug, intro=paragraphs(intro), show_in_menus=True))
        found[model] = page
    return found


def _curriculum() -> None:
    """The whole Y7–9 grid; the demo units also get their main ideas, steps and tags."""
    for block_data in demo.CURRICULUM:
        year, _ = courses.Year.objects.get_or_create(number=block_data.year, defaults={"key_stage": courses.KeyStage.KS3})
        block, _ = courses.Block.objects.get_or_create(
            year=year, title=block_data.title, defaults={"term": block_data.term, "order": block_data.order}
        )
        for order, title in enumerate(block_data.unit_titles, start=1):
            courses.Unit.objects.get_or_create(
                slug=demo.grid_unit_slug(block_data.year, title),
                defaults={"block": block, "title": title, "order": order},
            )
    for data in demo.UNITS:
        unit = courses.Unit.objects.get(slug=data.slug)
        if unit.main_idea:
            continue
        unit.main_idea = data.main_idea
        unit.weeks = data.weeks
        unit.tier = data.tier
        unit.main_ideas_revisited = data.main_ideas_revisited
        unit.representations.set(list(data.representations))
        unit.small_steps = [
            courses.SmallStep(title=s.title, is_review=s.is_review, is_higher=s.is_higher) for s in data.small_steps
        ]
        unit.save()
        unit.big_ideas.set(courses.BigIdea.objects.filter(slug=data.big_idea))


def _idea_pages(big_idea_index, essence_index) -> None:
    for data in demo.BIG_IDEAS:
        idea = courses.BigIdea.objects.get(slug=data.slug)
        if not courses.BigIdeaPage.objects.filter(big_idea=idea).exists():
            publish_child(
                big_idea_index,
                courses.BigIdeaPage(title=idea.name, slug=idea.slug, big_idea=idea, body=paragraphs(data.body)),
            )
    for data in demo.ESSENCE_PRINCIPLES:
        principle = courses.EssencePrinciple.objects.get(order=data.order)
        if not courses.EssencePrinciplePage.objects.filter(principle=principle).exists():
            publish_child(
                essence_index,
                courses.EssencePrinciplePage(
                    title=principle.title, slug=principle.slug, principle=principle, body=paragraphs(data.body)
                ),
            )


def _unit_pages(curriculum_index, units) -> None:
    for data in units:
        unit = courses.Unit.objects.get(slug=data.slug)
        if courses.UnitPage.objects.filter(unit=unit).exists():
            continue
        diagnostic = [
            ("question", {"question": q.question, "answer": q.answer, "misconception": q.misconception})
            for q in data.diagnostic_questions
        ]
        publish_child(
            curriculum_index,
            courses.UnitPage(title=f"Year {data.year}: {unit.title}", slug=data.slug, unit=unit, diagnostic=diagnostic),
        )


# --- clips --------------------------------------------------------------------------------


def _clips(library, clips, *, stderr: TextIO | None) -> None:
    missing = [c for c in clips if not courses.PDVideoPage.objects.filter(slug=c.slug).exists()]
    if not missing:
        return
    # Transcode in this process so each page can be published straight away.
    celery_app.conf.task_always_eager = True
    with tempfile.TemporaryDirectory() as workdir:
        for data in tqdm(missing, desc="seed_demo: clips", unit="clip", file=stderr):
            video = _video(Path(workdir), data)
            page = courses.PDVideoPage(
                title=data.title,
                slug=data.slug,
                video=video,
                summary=paragraphs(data.summary),
                key_point=data.key_point,
                difficult_point=data.difficult_point,
                picture_carries_meaning=data.slug in DESCRIPTIONS,
            )
            page.units = list(courses.Unit.objects.filter(slug__in=data.unit_slugs))
            page.big_ideas = list(courses.BigIdea.objects.filter(slug__in=data.big_ideas))
            page.principles = list(courses.EssencePrinciple.objects.filter(order__in=data.principles))
            page.representations.set(list(data.representations))
            page.misconceptions.set(list(data.misconceptions))
            publish_child(library, page)


# Welsh captions of the first sentences of two clips (the player's "Caption language": Cymraeg).
WELSH_CAPTIONS = {
    "linear-or-not-sequences-as-graphs": (
        "Rhowch gymysgedd o ddilyniannau i'r disgyblion a gofynnwch pa rai sy'n llinol cyn i neb gyfrifo.",
        "Yna plotiwch bob term yn erbyn ei safle ar grid cyfesurynnau.",
        "Mae dilyniannau llinol yn ffurfio llinell syth, oherwydd nid yw'r gwahaniaeth cyffredin byth yn newid.",
    ),
    "term-to-term-before-nth-term": (
        "Dechreuwch gyda'r rheol term-i-derm, oherwydd gall disgyblion ei gweld ar unwaith mewn patrwm sy'n tyfu.",
        "Yna gofynnwch am yr hanner canfed term, a gadewch iddyn nhw deimlo pa mor araf yw dal ati i adio.",
        "Mae'r angen hwnnw'n cymell rheol safle-i-derm, sef yr nfed term.",
    ),
}


# Audio descriptions of what three clips' pictures show, each at the start of a narration cue
# (by its number), "needs a pause": the video waits while it is spoken (issue #18). Their pages
# are marked "the picture carries meaning", so they could not be published without them.
DESCRIPTIONS = {
    "bar-models-for-3a-plus-2": (
        (0, "Three equal bars, each labelled a, are drawn in a row, then a short bar labelled 2."),
        (2, "The three a bars stretch to twice their length; the bar labelled 2 stays the same."),
    ),
    "like-terms-with-algebra-tiles": (
        (0, "Three kinds of tile: long green x tiles, large blue x squared tiles and small yellow unit tiles."),
        (1, "Two x tiles slide together; a unit tile is left on its own."),
        (3, "Red tiles, the negatives, are placed beside the yellow ones."),
    ),
    "counters-and-zero-pairs": (
        (1, "A yellow counter and a red counter are pushed together and circled: a zero pair."),
        (3, "Three circled pairs are lifted away; two red counters remain."),
    ),
}


def _video(workdir: Path, data: demo.Clip) -> Video:
    path = workdir / f"{data.slug}.mp4"
    height = settings.PDSITE_DEMO_CLIP_HEIGHT
    cues = make_sample_clip(
        path,
        title=data.title,
        sentences=list(data.narration),
        width=height * 16 // 9 // 2 * 2,
        height=height,
        fps=settings.PDSITE_DEMO_CLIP_FPS,
    )
    with transaction.atomic(), open(path, "rb") as handle:
        video = video_services.video_create(title=data.title, source=File(handle, name=path.name))
        transcript_import(video=video, vtt_text=render_vtt(cues))
        if data.slug in WELSH_CAPTIONS:  # a second caption language, timed to the narration's cues
            welsh = [Cue(start=c.start, end=c.end, text=text) for c, text in zip(cues, WELSH_CAPTIONS[data.slug])]
            transcript_import(video=video, vtt_text=render_vtt(welsh), language="cy")
        if data.slug in DESCRIPTIONS:
            described = [
                Description(start=cues[n].start, end=min(cues[n].start + 1, cues[n].end), text=text, extended=True)
                for n, text in DESCRIPTIONS[data.slug]
            ]
            descriptions_save(video=video, language="en", cues=described, user=None)
    video.refresh_from_db()
    if not video.is_ready:
        raise RuntimeError(f"The demo clip {data.slug!r} did not transcode: {video.failure_reason}")
    return video


# --- modules ------------------------------------------------------------------------------


def _modules(module_index) -> None:
    for data in demo.MODULES:
        if courses.PDModulePage.objects.filter(slug=data.slug).exists():
            continue
        body = []
        for kind, value in data.items:
            if kind == "text":
                body.append(("text", paragraphs(value)))
            elif kind == "reflection":
                body.append(("reflection", {"prompt": value}))
            elif kind == "clip":
                clip = courses.PDVideoPage.objects.filter(slug=value).first()
                if clip is not None:  # --small seeds only some clips
                    body.append(("clip", {"clip": clip, "note": ""}))
        module = courses.PDModulePage(
            title=data.title, slug=data.slug, kind=data.kind, intro=paragraphs(data.intro), body=body
        )
        module.big_ideas = list(courses.BigIdea.objects.filter(slug__in=data.big_ideas))
        module.principles = list(courses.EssencePrinciple.objects.filter(order__in=data.principles))
        publish_child(module_index, module)

"""Reads for courses: browsing the curriculum, clips and modules, and the pages that show videos."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from wagtail.models import ReferenceIndex

from .access import clip_pages_for_videos
from .models import (
    BigIdea,
    Block,
    EssencePrinciple,
    PDModulePage,
    PDVideoPage,
    RepresentationTag,
    Unit,
    UnitPage,
    Year,
)

SHORT_CLIP_SECONDS = 5 * 60


# --- Curriculum ---------------------------------------------------------------------


@dataclass
class UnitEntry:
    unit: Unit
    page: UnitPage | None


@dataclass
class BlockEntry:
    title: str
    term: str
    units: list[UnitEntry] = field(default_factory=list)


@dataclass
class YearEntry:
    year: Year
    blocks: list[BlockEntry] = field(default_factory=list)


def curriculum_tree() -> list[YearEntry]:
    """Year → block (with its term) → unit, each unit with its live page if it has one. Three queries."""
    pages = {page.unit_id: page for page in UnitPage.objects.live().public().filter(unit__isnull=False)}
    years = Year.objects.prefetch_related(
        Prefetch("blocks", queryset=Block.objects.order_by("order")),
        Prefetch("blocks__units", queryset=Unit.objects.order_by("order")),
    ).order_by("number")
    tree = []
    for year in years:
        entry = YearEntry(year=year)
        for block in year.blocks.all():
            entry.blocks.append(
                BlockEntry(
                    title=block.title,
                    term=block.get_term_display(),
                    units=[UnitEntry(unit=u, page=pages.get(u.pk)) for u in block.units.all()],
                )
            )
        tree.append(entry)
    return tree


# --- Clips --------------------------------------------------------------------------


@dataclass(frozen=True)
class ClipFilters:
    year: int | None = None
    unit: str | None = None  # unit slug
    big_idea: str | None = None  # Big Idea slug
    principle: int | None = None  # principle order, 1–10
    representation: str | None = None  # tag slug
    short: bool = False  # under five minutes

    @classmethod
    def from_query(cls, query) -> "ClipFilters":
        def number(name: str) -> int | None:
            value = query.get(name, "")
            return int(value) if value.isdigit() else None

        return cls(
            year=number("year"),
            unit=query.get("unit") or None,
            big_idea=query.get("big_idea") or None,
            principle=number("principle"),
            representation=query.get("representation") or None,
            short=query.get("duration") == "short",
        )

    @property
    def active(self) -> bool:
        return any([self.year, self.unit, self.big_idea, self.principle, self.representation, self.short])


def clips_for_browse(*, filters: ClipFilters):
    """Live, public clips matching every filter, with what the list shows prefetched."""
    clips = PDVideoPage.objects.live().public().select_related("video")
    if filters.year:
        clips = clips.filter(units__block__year__number=filters.year)
    if filters.unit:
        clips = clips.filter(units__slug=filters.unit)
    if filters.big_idea:
        clips = clips.filter(big_ideas__slug=filters.big_idea)
    if filters.principle:
        clips = clips.filter(principles__order=filters.principle)
    if filters.representation:
        clips = clips.filter(representations__slug=filters.representation)
    if filters.short:
        clips = clips.filter(video__duration__lt=SHORT_CLIP_SECONDS)
    return clips.distinct().prefetch_related("big_ideas").order_by("title")


def clip_filter_options() -> dict:
    """The choices the clip library's filter form offers."""
    return {
        "years": list(Year.objects.values_list("number", flat=True)),
        "units": list(Unit.objects.filter(clips__live=True).distinct().select_related("block__year")),
        "big_ideas": list(BigIdea.objects.all()),
        "principles": list(EssencePrinciple.objects.all()),
        "representations": list(RepresentationTag.objects.filter(clip_items__isnull=False).distinct().order_by("name")),
    }


# --- Modules ------------------------------------------------------------------------


def modules_for(*, big_idea_id: int | None = None, principle_id: int | None = None):
    modules = PDModulePage.objects.live().public()
    condition = Q()
    if big_idea_id:
        condition |= Q(big_ideas__id=big_idea_id)
    if principle_id:
        condition |= Q(principles__id=principle_id)
    return modules.filter(condition).distinct().order_by("title") if condition else modules.none()


def links_for_clip(*, clip: PDVideoPage) -> dict:
    """A clip's units, Big Ideas and principles, each with its page (if any) in the same query."""
    return {
        "units": clip.units.select_related("page", "block__year"),
        "big_ideas": clip.big_ideas.select_related("page"),
        "principles": clip.principles.select_related("page"),
    }


def modules_for_clip(*, clip: PDVideoPage):
    """Live modules whose body includes this clip, found through Wagtail's reference index."""
    module_type = ContentType.objects.get_for_model(PDModulePage)
    ids = (
        ReferenceIndex.get_references_to(clip)
        .filter(content_type=module_type)
        .values_list("object_id", flat=True)
    )
    return PDModulePage.objects.live().public().filter(pk__in=[int(i) for i in ids]).order_by("title")


# --- Pages of videos -----------------------------------------------------------------


def pages_for_videos(viewer, video_ids) -> dict[int, PDVideoPage]:
    """The newest live page of each video that `viewer` (a user or request) may open."""
    return clip_pages_for_videos(viewer, video_ids)


def clips_with_ideas(clip_ids) -> dict[int, PDVideoPage]:
    """{page id: clip page} for `clip_ids`, with their Big Ideas and principles. Three queries."""
    return {c.pk: c for c in PDVideoPage.objects.filter(pk__in=clip_ids).prefetch_related("big_ideas", "principles")}

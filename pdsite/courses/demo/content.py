"""The courses demo content as plain records: the Five Big Ideas, the Essence principles, the
Key Stage 3 grid, the twelve demo units, the PD clips and the PD modules. No Django.

The words live in the YAML files beside this module (ideas, curriculum, units, clips, modules),
read once, at import, through `loader`; this module owns their record types, checks that each
item fits its type, and offers lookups by key. Everything is written in our own words
(paraphrase; no NCETM or White Rose text) in British English.

References between records are by key, never by object: units name their grid unit by
(year, unit title), clips name units by slug, Big Ideas by slug and Essence principles by
order, and module items name clips by slug. `seeding` turns the records into rows and pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .loader import load

__all__ = [
    "BIG_IDEAS",
    "CLIPS",
    "CURRICULUM",
    "ESSENCE_PRINCIPLES",
    "MODULES",
    "MODULE_ITEM_KINDS",
    "PRINCIPLE_GROUPS",
    "SEARCH_EXAMPLES",
    "TERMS",
    "UNITS",
    "BigIdea",
    "Clip",
    "CurriculumBlock",
    "DiagnosticQuestion",
    "EssencePrinciple",
    "Module",
    "SmallStep",
    "Unit",
    "big_idea_by_slug",
    "block_for_unit",
    "clip_by_slug",
    "clips_for_unit",
    "grid_unit_slug",
    "module_by_slug",
    "principle_by_order",
    "unit_by_slug",
]

TERMS = ("autumn", "spring", "summer")
PRINCIPLE_GROUPS = ("underpinning", "lesson_design", "classroom")
MODULE_ITEM_KINDS = ("text", "clip", "reflection")


# --- record types -------------------------------------------------------------------------


@dataclass(frozen=True)
class BigIdea:
    slug: str
    name: str
    summary: str  # one or two sentences, for lists
    body: str  # three to five sentences: what it looks like in a secondary lesson


@dataclass(frozen=True)
class EssencePrinciple:
    order: int  # 1 to 10
    group: str  # one of PRINCIPLE_GROUPS
    slug: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class CurriculumBlock:
    """A themed block (about half a term) and its unit titles, in teaching order."""

    year: int  # 7, 8 or 9
    term: str  # one of TERMS
    order: int  # position within the year, from 1
    title: str
    unit_titles: tuple[str, ...]


@dataclass(frozen=True)
class SmallStep:
    title: str
    is_review: bool = False  # R: revisits earlier learning
    is_higher: bool = False  # H: Higher tier only


@dataclass(frozen=True)
class DiagnosticQuestion:
    question: str
    answer: str
    misconception: str  # what a typical wrong answer reveals


@dataclass(frozen=True)
class Unit:
    """One of the twelve demo units, filled in; it names its grid unit by (year, unit_title)."""

    year: int
    unit_title: str  # exactly as in CURRICULUM for that year
    slug: str
    main_idea: str
    big_idea: str  # a BIG_IDEAS slug
    weeks: int  # 1 to 3
    tier: str  # "all" for Key Stage 3
    main_ideas_revisited: str
    representations: tuple[str, ...]
    small_steps: tuple[SmallStep, ...]
    diagnostic_questions: tuple[DiagnosticQuestion, ...]


@dataclass(frozen=True)
class Clip:
    title: str
    slug: str
    unit_slugs: tuple[str, ...]  # its own unit first
    big_ideas: tuple[str, ...]  # BIG_IDEAS slugs
    principles: tuple[int, ...]  # ESSENCE_PRINCIPLES orders
    representations: tuple[str, ...]  # tags
    misconceptions: tuple[str, ...]  # tags
    summary: str
    key_point: str
    difficult_point: str
    narration: tuple[str, ...]  # one spoken sentence each, numbers in words

    @property
    def transcript(self) -> str:
        return " ".join(self.narration)


@dataclass(frozen=True)
class Module:
    """A PD module: an ordered mix of ("text", paragraph), ("clip", clip slug), ("reflection", prompt)."""

    title: str
    slug: str
    kind: str  # "big_ideas" or "essence"
    intro: str
    items: tuple[tuple[str, str], ...]
    big_ideas: tuple[str, ...] = ()
    principles: tuple[int, ...] = ()


# --- building records from the data files -------------------------------------------------


def _tuples(item: dict, *keys: str) -> dict:
    """The item with the lists under `keys` (where present) made tuples, as the records hold them."""
    return {**item, **{key: tuple(item[key]) for key in keys if key in item}}


def _unit(item: dict) -> Unit:
    steps = tuple(SmallStep(**step) for step in item["small_steps"])
    questions = tuple(DiagnosticQuestion(**question) for question in item["diagnostic_questions"])
    return Unit(**{**_tuples(item, "representations"), "small_steps": steps, "diagnostic_questions": questions})


def _module(item: dict) -> Module:
    items = []
    for entry in item["items"]:
        if not isinstance(entry, dict) or len(entry) != 1:
            raise ValueError(f"each item must be one of {', '.join(MODULE_ITEM_KINDS)} with its value, not {entry!r}")
        ((kind, value),) = entry.items()
        if kind not in MODULE_ITEM_KINDS:
            raise ValueError(f"unknown item kind {kind!r} (expected {', '.join(MODULE_ITEM_KINDS)})")
        items.append((kind, value))
    return Module(**{**_tuples(item, "big_ideas", "principles"), "items": tuple(items)})


def _search_example(item: dict) -> tuple[str, str]:
    return (item["phrase"], item["clip"])


_ideas = load("courses", "ideas", {"big_ideas": list, "essence_principles": list})
_curriculum = load("courses", "curriculum", {"blocks": list})
_units = load("courses", "units", {"units": list})
_clips = load("courses", "clips", {"clips": list, "search_examples": list})
_modules = load("courses", "modules", {"modules": list})
_CLIP_LISTS = ("unit_slugs", "big_ideas", "principles", "representations", "misconceptions", "narration")

BIG_IDEAS: tuple[BigIdea, ...] = _ideas.records("big_ideas", lambda item: BigIdea(**item))
ESSENCE_PRINCIPLES: tuple[EssencePrinciple, ...] = _ideas.records(
    "essence_principles", lambda item: EssencePrinciple(**item)
)
CURRICULUM: tuple[CurriculumBlock, ...] = _curriculum.records(
    "blocks", lambda item: CurriculumBlock(**_tuples(item, "unit_titles"))
)
UNITS: tuple[Unit, ...] = _units.records("units", _unit)
CLIPS: tuple[Clip, ...] = _clips.records("clips", lambda item: Clip(**_tuples(item, *_CLIP_LISTS)))
# Phrases a teacher might search the transcripts for, each spoken in exactly one clip's
# narration, with that clip's slug. Search tests can rely on these.
SEARCH_EXAMPLES: tuple[tuple[str, str], ...] = _clips.records("search_examples", _search_example)
MODULES: tuple[Module, ...] = _modules.records("modules", _module)


# --- lookups ------------------------------------------------------------------------------

_BIG_IDEAS_BY_SLUG = {idea.slug: idea for idea in BIG_IDEAS}
_PRINCIPLES_BY_ORDER = {principle.order: principle for principle in ESSENCE_PRINCIPLES}
_UNITS_BY_SLUG = {unit.slug: unit for unit in UNITS}
_CLIPS_BY_SLUG = {clip.slug: clip for clip in CLIPS}
_MODULES_BY_SLUG = {module.slug: module for module in MODULES}


def big_idea_by_slug(slug: str) -> BigIdea:
    """The Big Idea with this slug; raises KeyError for an unknown slug."""
    return _BIG_IDEAS_BY_SLUG[slug]


def principle_by_order(order: int) -> EssencePrinciple:
    """The Essence principle with this order (1–10); raises KeyError otherwise."""
    return _PRINCIPLES_BY_ORDER[order]


def unit_by_slug(slug: str) -> Unit:
    """The demo unit with this slug; raises KeyError for an unknown slug."""
    return _UNITS_BY_SLUG[slug]


def clip_by_slug(slug: str) -> Clip:
    """The demo clip with this slug; raises KeyError for an unknown slug."""
    return _CLIPS_BY_SLUG[slug]


def module_by_slug(slug: str) -> Module:
    """The PD module with this slug; raises KeyError for an unknown slug."""
    return _MODULES_BY_SLUG[slug]


def clips_for_unit(slug: str) -> tuple[Clip, ...]:
    """Clips linked to the unit with this slug, in CLIPS order."""
    return tuple(clip for clip in CLIPS if slug in clip.unit_slugs)


def block_for_unit(year: int, unit_title: str) -> CurriculumBlock:
    """The grid block holding this unit title in this year; raises KeyError if there is none."""
    for block in CURRICULUM:
        if block.year == year and unit_title in block.unit_titles:
            return block
    raise KeyError((year, unit_title))


def grid_unit_slug(year: int, unit_title: str) -> str:
    """A slug for any grid unit: the demo unit's own slug when there is one, else y<year>-<title>.

    Lets the seed create every grid unit without clashing with the demo units' slugs.
    """
    for unit in UNITS:
        if unit.year == year and unit.unit_title == unit_title:
            return unit.slug
    words = re.sub(r"[^a-z0-9]+", "-", unit_title.lower().replace("'", "")).strip("-")
    return f"y{year}-{words}"

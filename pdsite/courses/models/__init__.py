"""Courses: the curriculum, the ideas PD is organised by, and the pages teachers visit. One
module per sub-domain; import from here. What teachers watched lives in pdsite.progress,
induction pathways in pdsite.pathways."""

from .curriculum import Block, KeyStage, SmallStep, Term, Tier, Unit, Year
from .ideas import BigIdea, EssencePrinciple
from .pages import (
    BigIdeaIndexPage,
    BigIdeaPage,
    ClipLibraryPage,
    CurriculumIndexPage,
    EssenceIndexPage,
    EssencePrinciplePage,
    ModuleIndexPage,
    PDModulePage,
    PDVideoPage,
    UnitPage,
)
from .tags import ClipMisconception, ClipRepresentation, MisconceptionTag, RepresentationTag, UnitRepresentation

__all__ = [
    "BigIdea",
    "BigIdeaIndexPage",
    "BigIdeaPage",
    "Block",
    "ClipLibraryPage",
    "ClipMisconception",
    "ClipRepresentation",
    "CurriculumIndexPage",
    "EssenceIndexPage",
    "EssencePrinciple",
    "EssencePrinciplePage",
    "KeyStage",
    "MisconceptionTag",
    "ModuleIndexPage",
    "PDModulePage",
    "PDVideoPage",
    "RepresentationTag",
    "SmallStep",
    "Term",
    "Tier",
    "Unit",
    "UnitPage",
    "UnitRepresentation",
    "Year",
]

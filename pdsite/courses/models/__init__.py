"""Courses: the curriculum, the ideas PD is organised by, the pages teachers visit, and
what each teacher has watched. One module per sub-domain; import from here."""

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
from .pathways import EctYear, Enrolment, InductionProfile, MentorComment, Pathway, PathwayStep, StepProgress
from .progress import ViewingRecord
from .tags import ClipMisconception, ClipRepresentation, MisconceptionTag, RepresentationTag, UnitRepresentation

__all__ = [
    "StepProgress",
    "PathwayStep",
    "Pathway",
    "MentorComment",
    "InductionProfile",
    "Enrolment",
    "EctYear",
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
    "ViewingRecord",
    "Year",
]

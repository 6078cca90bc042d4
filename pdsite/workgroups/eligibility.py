"""Whether a school may join a Work Group, from its participation history: a pure function.

The rule of the seeds' Secondary Teaching for Mastery and Sustaining groups: a school is
eligible when it "has previously engaged with a Development, Embedding or Sustaining Work
Group" or "has had a Secondary Mastery Specialist trained in Cohorts 1 to 8". A school that is
not yet eligible is pointed to the group it can join first (e.g. the Developing Mastery Work
Group, "then will be eligible the following year").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TFM_PHASES = frozenset({"developing", "embedding", "sustaining"})


@dataclass(frozen=True)
class Fact:
    """One fact of a school's history: kind "work_group" with a phase, or "specialist" with a cohort."""

    kind: str
    phase: str = ""
    cohort: int | None = None


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reason: str
    join_first: object | None = None  # the Work Group to join first (when not eligible)


def eligibility(
    *, rule: str, history: Iterable[Fact], max_cohort: int = 8, join_first=None, department_phase: str = ""
) -> Verdict:
    """The verdict for a school with `history` (and its department's recorded TfM phase, which
    counts as a Work Group of that phase) under `rule` ("open" or "tfm_history")."""
    if rule == "open":
        return Verdict(True, "Any school can join this Work Group.")
    facts = list(history)
    if department_phase in TFM_PHASES or department_phase == "development":
        facts.append(Fact("work_group", phase="developing" if department_phase == "development" else department_phase))
    for fact in facts:
        if fact.kind == "work_group" and fact.phase in TFM_PHASES:
            return Verdict(True, f"Your school took part in a {fact.phase.capitalize()} Work Group.")
    for fact in facts:
        if fact.kind == "specialist" and fact.cohort is not None and 1 <= fact.cohort <= max_cohort:
            return Verdict(True, f"Your school has a Secondary Mastery Specialist from cohort {fact.cohort}.")
    reason = (
        "This Work Group is for schools that took part in a Developing, Embedding or Sustaining Work Group, "
        f"or have a Secondary Mastery Specialist from cohorts 1–{max_cohort}."
    )
    if join_first is not None:
        reason += f" Your school can join “{join_first}” first, and will then be eligible the following year."
    return Verdict(False, reason, join_first)

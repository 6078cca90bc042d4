"""Reads for cycles: a department's cycles with each one's next step, a person's own cycles,
and one cycle's page (its steps, recordings and the discussion's agenda with moments).

Every list is filtered by the one rule (`Cycle.objects.visible_to`, access.py), so a list never
shows a cycle its page would refuse. The lists are two queries however many cycles there are.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from pdsite.videos.access import video_visible_to

from . import moments
from .models import Cycle, CycleStep


@dataclass
class CycleSummary:
    cycle: Cycle
    next_step: CycleStep | None
    steps_total: int
    steps_done: int


def _summaries(queryset) -> list[CycleSummary]:
    """Each cycle with its first step not yet done (owner loaded) and its progress: 2 queries."""
    cycles = list(
        queryset.select_related("department").prefetch_related(
            Prefetch("steps", queryset=CycleStep.objects.select_related("owner").order_by("order"), to_attr="all_steps")
        )
    )
    summaries = []
    for cycle in cycles:
        open_steps = [s for s in cycle.all_steps if s.done_at is None]
        summaries.append(
            CycleSummary(
                cycle=cycle, next_step=open_steps[0] if open_steps else None,
                steps_total=len(cycle.all_steps), steps_done=len(cycle.all_steps) - len(open_steps),
            )
        )
    return summaries


def open_cycles_for_department(*, department, user) -> list[CycleSummary]:
    """The department's open cycles `user` may see, soonest next step first (the dashboard)."""
    summaries = _summaries(Cycle.objects.visible_to(user).open().filter(department=department))
    def soonest(summary):
        due = summary.next_step.due_on if summary.next_step else None
        return (due is None, due or datetime.date.max, summary.cycle.pk)

    return sorted(summaries, key=soonest)


def cycles_for_department(*, department, user) -> list[CycleSummary]:
    """All of the department's cycles `user` may see: open ones first, newest first."""
    queryset = Cycle.objects.visible_to(user).filter(department=department).order_by("status", "-starts_on", "-pk")
    return _summaries(queryset)


def cycles_for_user(*, user) -> list[CycleSummary]:
    """The cycles `user` is in, in every department: open ones first."""
    queryset = Cycle.objects.filter(participants=user).order_by("status", "-starts_on", "-pk")
    return _summaries(queryset)


@dataclass
class RecordingView:
    """A step's recording as a viewer sees it: its title and link only if they may see it."""

    recording: object
    visible: bool
    url: str | None


@dataclass
class StepView:
    step: CycleStep
    recording: RecordingView | None = None
    agenda: list[moments.AgendaLine] | None = None  # the discussion's, with moments


@dataclass
class CyclePage:
    cycle: Cycle
    steps: list[StepView]
    participants: list

    @property
    def next_step(self) -> CycleStep | None:
        return next((v.step for v in self.steps if v.step.done_at is None), None)


def cycle_page(*, cycle: Cycle, viewer) -> CyclePage:
    """Everything the cycle's page shows, for `viewer` (a request: the video rule reads its
    session). A discussion's moments point at the latest recording attached before it."""
    steps = list(
        cycle.steps.select_related("owner", "done_by", "unit", "workshop", "pathway_step", "recording__video",
                                   "recording__owner")
    )
    views, latest = [], None
    for step in steps:
        step.cycle = cycle
        view = StepView(step=step)
        if step.recording is not None:
            visible = video_visible_to(viewer, step.recording.video)
            url = moments.recording_url(step.recording.pk) if visible else None
            view.recording = RecordingView(recording=step.recording, visible=visible, url=url)
            latest = step.recording
        if step.workshop is not None:
            view.agenda = moments.agenda_lines(step.workshop, recording=latest, viewer=viewer)
        views.append(view)
    participants = list(cycle.participants.order_by("last_name", "first_name", "username"))
    return CyclePage(cycle=cycle, steps=views, participants=participants)

"""Writes for cycles: starting one from its template, changing it and its steps, marking steps
done, closing it, attaching lesson recordings and recording the post-lesson discussion.

Every function is keyword-only and atomic. Permission checks are the caller's (views ask
access.py); services keep the data rules: the group are members of the department, a step's
owner is in the group, only a recording's owner attaches it, a closed cycle does not change.
Bad input raises ValidationError with a message a person can act on.

Retention: a recording attached to a cycle is deleted the school's retention days after the
cycle ends (RecordingPolicy.retention_days, never more than a year after the lesson), so its
deletion date moves whenever the cycle's end moves (changed, or closed early).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pdsite.departments.models import Workshop
from pdsite.departments.services import WorkshopData, require_members, workshop_create, workshop_update
from pdsite.lessons.models import Recording
from pdsite.lessons.services import recording_set_cycle_end
from pdsite.pathways.models import InductionProfile, PathwayStep

from . import templates
from .models import Cycle, CycleStep
from .templates import Kind

CLOSED = "This cycle is closed, so it no longer changes: start a new cycle instead."
# The step fields step_update may change (the step-specific ones only where the template says).
COMMON_FIELDS = ("owner", "due_on", "notes", "pathway_step")
SPECIFIC_FIELDS = ("plan_notes", "unit", "small_step", "key_points", "difficult_points", "revised_plan_notes")
WORKSHOP_KIND = {Kind.LESSON_STUDY: Workshop.Kind.LESSON_STUDY, Kind.TRG: Workshop.Kind.TRG,
                 Kind.ECT_OBSERVATION: Workshop.Kind.LESSON_STUDY}


def _require_open(cycle: Cycle) -> None:
    if not cycle.is_open:
        raise ValidationError(CLOSED)


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The cycle must end on or after the day it starts."})


# --- Cycles ---------------------------------------------------------------------------------


def cycle_create(
    *,
    department,
    kind: str,
    title: str,
    by,
    research_focus: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    participants: Iterable = (),
    ect=None,
    mentor=None,
) -> Cycle:
    """Start a cycle of `kind` in `department`, with the template's steps, owners and due dates.

    `by` leads it and joins the group. An ECT observation needs `ect` (an ECT with an induction
    profile); its mentor is `mentor` or the ECT's mentor, and both join the group. Its steps
    are linked to the ECT's pathway steps of the matching kinds, in order.
    """
    if kind not in templates.TEMPLATES:
        raise ValidationError({"kind": "Choose lesson study, TRG or ECT observation."})
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Give the cycle a title, e.g. “Y8 ratio tables”."})
    starts_on = starts_on or timezone.localdate()
    ends_on = ends_on or starts_on + datetime.timedelta(days=templates.default_length_days(kind))
    _check_dates(starts_on, ends_on)
    group = {by.pk: by, **{u.pk: u for u in participants}}
    if kind == Kind.ECT_OBSERVATION:
        profile = InductionProfile.objects.filter(user=ect).select_related("mentor").first() if ect else None
        if profile is None:
            raise ValidationError({"ect": "Choose an early career teacher with an induction profile."})
        mentor = mentor or profile.mentor or by
        if mentor.pk == ect.pk:
            raise ValidationError({"mentor": "An ECT cannot mentor themselves."})
        group.update({ect.pk: ect, mentor.pk: mentor})
    else:
        ect = mentor = None
    require_members(department, list(group.values()))
    owners = {"lead": by, "ect": ect or by, "mentor": mentor or by}
    with transaction.atomic():
        cycle = Cycle.objects.create(
            department=department, kind=kind, title=title[:200], research_focus=research_focus.strip(),
            starts_on=starts_on, ends_on=ends_on, ect=ect, mentor=mentor, created_by=by,
        )
        cycle.participants.set(group.values())
        links = _pathway_links(ect, templates.template_for(kind)) if ect else {}
        CycleStep.objects.bulk_create(
            CycleStep(
                cycle=cycle, order=order, kind=step.kind, title=step.title, owner=owners[step.owner],
                due_on=min(starts_on + datetime.timedelta(days=step.due_days), ends_on),
                pathway_step=links.get(order),
            )
            for order, step in enumerate(templates.template_for(kind), start=1)
        )
    return cycle


def _pathway_links(ect, definitions) -> dict[int, PathwayStep]:
    """For each step (by order) with a pathway kind, the ECT's next pathway step of that kind."""
    available = list(
        PathwayStep.objects.filter(pathway__enrolments__user=ect).order_by("pathway__title", "pathway_id", "sort_order")
    )
    links = {}
    for order, step in enumerate(definitions, start=1):
        if not step.pathway_kind:
            continue
        found = next((p for p in available if p.kind == step.pathway_kind), None)
        if found is not None:
            links[order] = found
            available.remove(found)
    return links


def cycle_update(
    *, cycle: Cycle, title: str, research_focus: str, starts_on: datetime.date, ends_on: datetime.date,
    participants: Iterable,
) -> Cycle:
    """Change a cycle's title, focus, dates and group. Its recordings' deletion dates follow a
    new end; the discussion's invitations follow the group. Step owners who leave the group
    keep their steps until someone reassigns them."""
    _require_open(cycle)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Give the cycle a title."})
    _check_dates(starts_on, ends_on)
    group = {u.pk: u for u in participants}
    # The lead, the ECT and the mentor stay in the group they lead or serve.
    for keep in (cycle.created_by, cycle.ect, cycle.mentor):
        if keep is not None:
            group[keep.pk] = keep
    require_members(cycle.department, list(group.values()))
    with transaction.atomic():
        moved = cycle.ends_on != ends_on
        cycle.title, cycle.research_focus = title[:200], research_focus.strip()
        cycle.starts_on, cycle.ends_on = starts_on, ends_on
        cycle.save(update_fields=["title", "research_focus", "starts_on", "ends_on"])
        cycle.participants.set(group.values())
        for step in cycle.steps.filter(workshop__isnull=False).select_related("workshop", "owner"):
            _discussion_sync(step, step.workshop)
        if moved:
            cycle_recordings_refresh(cycle=cycle)
    return cycle


def cycle_close(*, cycle: Cycle, by) -> Cycle:
    """Close the cycle: it ends today (so its recordings' retention counts from today), and no
    step changes after."""
    _require_open(cycle)
    with transaction.atomic():
        cycle.status = Cycle.Status.CLOSED
        cycle.closed_at = timezone.now()
        cycle.ends_on = max(timezone.localdate(), cycle.starts_on)
        cycle.save(update_fields=["status", "closed_at", "ends_on"])
        cycle_recordings_refresh(cycle=cycle)
    return cycle


# --- Steps ----------------------------------------------------------------------------------


def step_update(*, step: CycleStep, by, **changes) -> CycleStep:
    """Change a step's owner, due date, notes and the fields its template gives it.

    Raises ValidationError for an owner outside the group or a due date outside the cycle;
    TypeError for a field the step does not have (a programming error, not a person's)."""
    cycle = step.cycle
    _require_open(cycle)
    allowed = set(COMMON_FIELDS) | (set(step.fields) & set(SPECIFIC_FIELDS))
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"step {step.kind} has no fields {sorted(unknown)}")
    owner = changes.get("owner")
    if owner is not None and owner.pk != step.owner_id and not cycle.participants.filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "The owner must be in the cycle's group: add them to the cycle first."})
    due_on = changes.get("due_on")
    if due_on is not None and not cycle.starts_on <= due_on <= cycle.ends_on:
        raise ValidationError(
            {"due_on": f"Choose a day within the cycle ({cycle.starts_on:%-d %b %Y} to {cycle.ends_on:%-d %b %Y})."}
        )
    for name, value in changes.items():
        setattr(step, name, value.strip() if isinstance(value, str) else value)
    with transaction.atomic():
        step.save(update_fields=list(changes) or None)
    return step


def step_complete(*, step: CycleStep, by, done: bool = True) -> CycleStep:
    """Mark the step done by `by` now (or, `done=False`, not done after all)."""
    _require_open(step.cycle)
    step.done_at, step.done_by = (timezone.now(), by) if done else (None, None)
    step.save(update_fields=["done_at", "done_by"])
    return step


def discussion_save(
    *, step: CycleStep, by, starts_at: datetime.datetime, agenda: list[tuple[int, str]], place: str = "",
    duration_minutes: int = 60,
) -> Workshop:
    """Record the post-lesson discussion as a department workshop: the step's owner facilitates,
    the group is invited, and agenda items may point at moments of the lesson ("@12:05",
    see moments.py). Made on the first save, changed after."""
    _require_open(step.cycle)
    if "discussion" not in step.fields:
        raise ValidationError("This step has no discussion to record.")
    with transaction.atomic():
        workshop = step.workshop
        data = _discussion_data(step, starts_at=starts_at, agenda=agenda, place=place, duration=duration_minutes)
        if workshop is None:
            step.workshop = workshop_create(department=step.cycle.department, data=data, created_by=by)
            step.save(update_fields=["workshop"])
        else:
            workshop_update(workshop=workshop, data=data)
    return step.workshop


def _discussion_data(step, *, starts_at, agenda, place, duration) -> WorkshopData:
    cycle = step.cycle
    return WorkshopData(
        title=f"{step.title}: {cycle.title}"[:200],
        kind=WORKSHOP_KIND[cycle.kind],
        starts_at=starts_at,
        duration_minutes=duration,
        place=place.strip(),
        agenda=agenda,
        facilitator=step.owner,
        attendees=list(cycle.participants.all()),
    )


def _discussion_sync(step, workshop: Workshop) -> None:
    """Keep the discussion's invitations in step with the group (everything else unchanged)."""
    agenda = [(block.value["minutes"], block.value["title"]) for block in workshop.agenda]
    workshop_update(
        workshop=workshop,
        data=_discussion_data(
            step, starts_at=workshop.starts_at, agenda=agenda, place=workshop.place, duration=workshop.duration_minutes
        ),
    )


# --- Recordings and their retention ---------------------------------------------------------


def cycle_attach_recording(*, step: CycleStep, recording: Recording | None, by) -> CycleStep:
    """Attach `by`'s own `recording` to a teach (or reteach) step, or detach the step's recording
    (`recording=None`, by its owner). The recordings' deletion dates follow: an attached one is
    kept until the school's retention after the cycle ends, a detached one as if it had none."""
    _require_open(step.cycle)
    if "recording" not in step.fields:
        raise ValidationError("Only a teach or reteach step has a lesson recording.")
    previous = step.recording
    if recording is not None:
        if recording.owner_id != by.pk:
            raise ValidationError({"recording": "Only the teacher who recorded the lesson can attach it."})
        if recording.department_id != step.cycle.department_id:
            raise ValidationError({"recording": "Choose a recording made in this cycle's department."})
    elif previous is not None and previous.owner_id != by.pk:
        raise ValidationError({"recording": "Only the teacher who recorded the lesson can take it off the cycle."})
    with transaction.atomic():
        step.recording = recording
        step.save(update_fields=["recording"])
        for changed in {r.pk: r for r in (previous, recording) if r is not None}.values():
            _recording_follow_cycles(changed)
    return step


def cycle_recordings_refresh(*, cycle: Cycle) -> None:
    """Every recording attached to `cycle` takes its (new) end into its deletion date."""
    for recording in Recording.objects.filter(cycle_steps__cycle=cycle).select_related("department").distinct():
        _recording_follow_cycles(recording)


def _recording_follow_cycles(recording: Recording) -> None:
    """A recording in several cycles is kept until the latest of them ends; in none, as if it
    had no cycle."""
    ends_on = Cycle.objects.filter(steps__recording=recording).aggregate(last=Max("ends_on"))["last"]
    recording_set_cycle_end(recording=recording, ends_on=ends_on)

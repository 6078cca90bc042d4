"""Writes for induction pathways: enrolment (by hand or by ECT year), steps done by the
teacher (reflections, gap tasks), by the mentor (meetings, comments) or by watching
(clips, clip ranges, modules: refreshed after each viewing report commits)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from pdsite.courses.models import PDModulePage
from pdsite.progress import intervals
from pdsite.progress.models import ViewingRecord

from .models import Enrolment, InductionProfile, MentorComment, Pathway, PathwayStep, StepProgress

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".doc", ".pptx", ".xlsx", ".txt", ".heic"}
MAX_TEXT_CHARS = 10_000


class StepRefused(ValueError):
    """The step cannot be done (yet), or not by this person; the message says why."""


# --- Enrolment ------------------------------------------------------------------------


def enrolment_create(
    *, user, pathway: Pathway, start_date: datetime.date, source: str = Enrolment.Source.HAND
) -> Enrolment:
    """Enrol `user` on `pathway` (idempotent: an existing enrolment is returned unchanged),
    crediting clips and modules they have already watched."""
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                user=user, pathway=pathway, defaults={"start_date": start_date, "source": source}
            )
    except IntegrityError:
        enrolment, created = Enrolment.objects.get(user=user, pathway=pathway), False
    if created:
        watched_steps_refresh(user=user)
    return enrolment


def induction_profile_save(
    *, user, ect_year: int, start_date: datetime.date, mentor=None, induction_tutor=None
) -> InductionProfile:
    """Create or update an ECT's induction, then enrol them on their year's pathway."""
    if mentor is not None and mentor.pk == user.pk:
        raise StepRefused("An ECT cannot mentor themselves.")
    profile, _ = InductionProfile.objects.update_or_create(
        user=user,
        defaults={"ect_year": ect_year, "start_date": start_date, "mentor": mentor, "induction_tutor": induction_tutor},
    )
    enrolments_by_role(profile=profile)
    return profile


def enrolments_by_role(*, profile: InductionProfile) -> list[Enrolment]:
    """Enrol an ECT on the pathway for their year of induction, if there is one."""
    return [
        enrolment_create(user=profile.user, pathway=pathway, start_date=profile.start_date, source=Enrolment.Source.ROLE)
        for pathway in Pathway.objects.filter(ect_year=profile.ect_year)
    ]


# --- Steps the teacher does -----------------------------------------------------------


def _enrolment_for(*, user, step: PathwayStep) -> Enrolment:
    enrolment = Enrolment.objects.filter(user=user, pathway_id=step.pathway_id).first()
    if enrolment is None:
        raise StepRefused("You are not enrolled on this pathway.")
    return enrolment


def _check_order(*, enrolment: Enrolment, step: PathwayStep) -> None:
    if not step.requires_previous:
        return
    earlier = PathwayStep.objects.filter(pathway_id=step.pathway_id, sort_order__lt=step.sort_order)
    missing = earlier.exclude(progress__enrolment=enrolment).order_by("sort_order").first()
    if missing is not None:
        raise StepRefused(f"Finish “{missing.title}” first.")


def _clean_text(text: str, *, what: str, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise StepRefused(f"Write your {what} before saving.")
    if len(text) > MAX_TEXT_CHARS:
        raise StepRefused(f"Your {what} is too long ({len(text)} characters; at most {MAX_TEXT_CHARS}).")
    return text


def reflection_submit(*, user, step: PathwayStep, text: str) -> StepProgress:
    """Save a reflection (editable later: a second submit replaces the text, keeping the date)."""
    if step.kind != PathwayStep.Kind.REFLECTION:
        raise StepRefused("This step is not a reflection.")
    text = _clean_text(text, what="reflection")
    enrolment = _enrolment_for(user=user, step=step)
    _check_order(enrolment=enrolment, step=step)
    progress, created = StepProgress.objects.get_or_create(
        enrolment=enrolment, step=step, defaults={"text": text, "completed_at": timezone.now()}
    )
    if not created:
        progress.text = text
        progress.save(update_fields=["text"])
    return progress


def task_submit(*, user, step: PathwayStep, note: str = "", evidence=None) -> StepProgress:
    """Hand in a gap task: a note, a file, or both. Files are checked for size and type."""
    if step.kind != PathwayStep.Kind.TASK:
        raise StepRefused("This step is not a task.")
    note = _clean_text(note, what="note", required=False)
    if not note and evidence is None:
        raise StepRefused("Add a note or attach a file as evidence.")
    if evidence is not None:
        if Path(evidence.name).suffix.lower() not in EVIDENCE_TYPES:
            raise StepRefused(f"Evidence must be one of: {', '.join(sorted(EVIDENCE_TYPES))}.")
        if evidence.size > MAX_EVIDENCE_BYTES:
            raise StepRefused(f"That file is {evidence.size // (1024 * 1024)} MB; evidence may be at most 20 MB.")
    enrolment = _enrolment_for(user=user, step=step)
    _check_order(enrolment=enrolment, step=step)
    with transaction.atomic():
        progress = StepProgress.objects.select_for_update().filter(enrolment=enrolment, step=step).first()
        if progress is None:
            progress = StepProgress(enrolment=enrolment, step=step, completed_at=timezone.now())
        progress.text = note or progress.text
        if evidence is not None:
            progress.evidence = evidence
        progress.save()
    return progress


# --- Steps and comments by the mentor -------------------------------------------------


def _mentor_of(*, mentor, enrolment: Enrolment) -> None:
    profile = InductionProfile.objects.filter(user_id=enrolment.user_id).first()
    if profile is None or profile.mentor_id != mentor.pk:
        raise StepRefused("Only this teacher's mentor can do that.")


def meeting_confirm(*, mentor, enrolment: Enrolment, step: PathwayStep, note: str = "") -> StepProgress:
    """The ECT's mentor confirms a mentor meeting took place."""
    if step.kind != PathwayStep.Kind.MEETING or step.pathway_id != enrolment.pathway_id:
        raise StepRefused("This step is not a mentor meeting on this pathway.")
    _mentor_of(mentor=mentor, enrolment=enrolment)
    note = _clean_text(note, what="note", required=False)
    _check_order(enrolment=enrolment, step=step)
    progress, _ = StepProgress.objects.get_or_create(
        enrolment=enrolment,
        step=step,
        defaults={"text": note, "confirmed_by": mentor, "completed_at": timezone.now()},
    )
    return progress


def mentor_comment_add(*, author, progress: StepProgress, text: str) -> MentorComment:
    """A mentor's comment on something their ECT handed in."""
    _mentor_of(mentor=author, enrolment=progress.enrolment)
    return MentorComment.objects.create(progress=progress, author=author, text=_clean_text(text, what="comment"))


# --- Steps done by watching (roll-up after each viewing report) ----------------------


def _clip_videos(module: PDModulePage) -> set[int]:
    return {
        block.value["clip"].specific.video_id
        for block in module.body
        if block.block_type == "clip" and block.value.get("clip") is not None
    }


def watched_steps_refresh(*, user, video_id: int | None = None) -> list[StepProgress]:
    """Mark done the watch and module steps of `user`'s pathways that their viewing now
    satisfies (a clip: completed; a clip range: covered to the site threshold; a module:
    every clip in it completed). With `video_id`, only steps that can depend on it.
    Idempotent; returns the rows it created."""
    steps = PathwayStep.objects.filter(
        pathway__enrolments__user=user, kind__in=[PathwayStep.Kind.WATCH, PathwayStep.Kind.MODULE]
    ).exclude(progress__enrolment__user=user)
    if video_id is not None:
        steps = steps.filter(Q(clip__video_id=video_id) | Q(kind=PathwayStep.Kind.MODULE))
    steps = list(steps.select_related("clip", "module").distinct())
    if not steps:
        return []
    modules = {step.module_id: _clip_videos(step.module) for step in steps if step.module_id}
    video_ids = {step.clip.video_id for step in steps if step.clip_id} | set().union(*modules.values())
    records = {r.video_id: r for r in ViewingRecord.objects.filter(user=user, video_id__in=video_ids)}
    enrolments = {e.pathway_id: e for e in Enrolment.objects.filter(user=user)}

    def done(step: PathwayStep) -> bool:
        if step.kind == PathwayStep.Kind.MODULE:
            videos = modules[step.module_id]
            return bool(videos) and all(records.get(v) and records[v].completed_at for v in videos)
        record = records.get(step.clip.video_id) if step.clip_id else None
        if record is None:
            return False
        if step.is_range:
            coverage = intervals.range_coverage(record.watched_intervals, start=step.start, end=step.end)
            return coverage >= settings.PDSITE_COMPLETION_THRESHOLD
        return record.completed_at is not None

    now = timezone.now()
    created = []
    for step in steps:
        if done(step):
            progress, made = StepProgress.objects.get_or_create(
                enrolment=enrolments[step.pathway_id], step=step, defaults={"completed_at": now}
            )
            if made:
                created.append(progress)
    return created

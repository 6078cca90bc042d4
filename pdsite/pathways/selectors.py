"""Reads for induction pathways: where a teacher is on each pathway and who may see what.
Every list is built in a fixed number of queries, however many steps a teacher has."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import Enrolment, InductionProfile, MentorComment, PathwayStep, StepProgress


# --- Who may see what -------------------------------------------------------------------


def can_see_reflections(*, viewer, teacher) -> bool:
    """A teacher's reflections and evidence are seen by them, their mentor and their
    induction tutor: nobody else (not even a PD lead or another mentor)."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.pk == teacher.pk:
        return True
    return InductionProfile.objects.filter(Q(mentor=viewer) | Q(induction_tutor=viewer), user=teacher).exists()


def is_mentor_of(*, viewer, teacher) -> bool:
    return InductionProfile.objects.filter(user=teacher, mentor=viewer).exists()


# --- Where a teacher is on a pathway ------------------------------------------------------


@dataclass
class StepStatus:
    step: PathwayStep
    due_date: datetime.date
    progress: StepProgress | None
    available: bool  # every step it requires is done
    overdue: bool

    @property
    def done(self) -> bool:
        return self.progress is not None

    @property
    def state(self) -> str:
        if self.done:
            return "Done"
        if self.overdue:
            return "Overdue"
        return "To do" if self.available else "Locked"

    @property
    def watch_url(self) -> str | None:
        if not self.step.clip_id:
            return None
        url = self.step.clip.url
        if url and self.step.is_range:
            url += f"?start={self.step.start:g}&end={self.step.end:g}"
        return url


@dataclass
class PathwayProgress:
    enrolment: Enrolment
    steps: list[StepStatus] = field(default_factory=list)

    @property
    def pathway(self):
        return self.enrolment.pathway

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def percent(self) -> int:
        return int(100 * self.done_count / len(self.steps)) if self.steps else 0

    @property
    def complete(self) -> bool:
        return bool(self.steps) and self.done_count == len(self.steps)

    @property
    def completed_at(self):
        return max(s.progress.completed_at for s in self.steps) if self.complete else None

    @property
    def next_step(self) -> StepStatus | None:
        return next((s for s in self.steps if not s.done and s.available), None)


def _enrolments(queryset) -> list[Enrolment]:
    return list(
        queryset.select_related("pathway", "user")
        .prefetch_related(
            Prefetch("pathway__steps", queryset=PathwayStep.objects.select_related("clip", "module").order_by("sort_order")),
            Prefetch(
                "step_progress",
                queryset=StepProgress.objects.select_related("confirmed_by").prefetch_related(
                    Prefetch("comments", queryset=MentorComment.objects.select_related("author"))
                ),
            ),
            "pathway__big_ideas",
            "pathway__principles",
        )
        .order_by("start_date", "pathway__title")
    )


def _progress(enrolment: Enrolment, *, today: datetime.date) -> PathwayProgress:
    done = {p.step_id: p for p in enrolment.step_progress.all()}
    result = PathwayProgress(enrolment=enrolment)
    all_done_so_far = True
    for step in enrolment.pathway.steps.all():
        progress = done.get(step.pk)
        due = step.due_date(enrolment.start_date)
        result.steps.append(
            StepStatus(
                step=step,
                due_date=due,
                progress=progress,
                available=all_done_so_far or not step.requires_previous,
                overdue=progress is None and due < today,
            )
        )
        all_done_so_far = all_done_so_far and progress is not None
    return result


def pathways_for_user(*, user) -> list[PathwayProgress]:
    """Every pathway `user` is enrolled on, step by step. Six queries."""
    today = timezone.localdate()
    return [_progress(e, today=today) for e in _enrolments(Enrolment.objects.filter(user=user))]


def pathway_for_user(*, user, slug: str) -> PathwayProgress | None:
    today = timezone.localdate()
    enrolments = _enrolments(Enrolment.objects.filter(user=user, pathway__slug=slug))
    return _progress(enrolments[0], today=today) if enrolments else None


@dataclass
class Mentee:
    profile: InductionProfile
    pathways: list[PathwayProgress]


def mentees_for(*, viewer) -> list[Mentee]:
    """The ECTs `viewer` mentors or tutors, with their pathways. Seven queries."""
    profiles = list(InductionProfile.objects.filter(Q(mentor=viewer) | Q(induction_tutor=viewer)).select_related("user"))
    today = timezone.localdate()
    by_user: dict[int, list[PathwayProgress]] = {p.user_id: [] for p in profiles}
    for enrolment in _enrolments(Enrolment.objects.filter(user_id__in=list(by_user))):
        by_user[enrolment.user_id].append(_progress(enrolment, today=today))
    return [Mentee(profile=p, pathways=by_user[p.user_id]) for p in sorted(profiles, key=lambda p: p.user.username)]


# --- For the token heartbeat's query -------------------------------------------------------


def enrolled_sql(quote, user_pk: str, video_pk: str) -> str:
    """SQL for "the user whose primary key is `user_pk` is enrolled on any pathway": the flag
    progress' token heartbeat lookup sets as `user.pdsite_is_enrolled` (registered in
    apps.PathwaysConfig.ready, read by signal_handlers)."""
    meta = Enrolment._meta
    return f"EXISTS(SELECT 1 FROM {quote(meta.db_table)} e WHERE e.{quote(meta.get_field('user').column)} = {user_pk})"

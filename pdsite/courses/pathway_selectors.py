"""Reads for induction pathways: where a teacher is on each pathway, who may see what,
and a teacher's learning at a glance (My learning). Every list is built in a fixed number
of queries, however many steps or records a teacher has."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from . import intervals
from .models import (
    BigIdea,
    Enrolment,
    EssencePrinciple,
    InductionProfile,
    MentorComment,
    PathwayStep,
    PDVideoPage,
    StepProgress,
    ViewingRecord,
)
from .selectors import pages_for_videos


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


# --- My learning --------------------------------------------------------------------------


@dataclass(frozen=True)
class ClipEntry:
    title: str
    url: str | None
    percent_watched: int
    last_position: float
    completed_at: datetime.datetime | None

    @property
    def resume_url(self) -> str | None:
        if not self.url:
            return None
        return f"{self.url}?t={int(self.last_position)}" if self.last_position >= 1 else self.url


@dataclass
class Certificate:
    pathway_title: str
    completed_at: datetime.datetime
    big_ideas: list[BigIdea]
    principles: list[EssencePrinciple]


@dataclass
class LearningDashboard:
    continue_watching: list[ClipEntry]
    completed: list[ClipEntry]
    pathways: list[PathwayProgress]
    certificates: list[Certificate]


CONTINUE_WATCHING_LIMIT = 6


def learning_dashboard_for_user(*, user) -> LearningDashboard:
    """Everything "My learning" shows, in a fixed number of queries (about ten), whether the
    teacher has three viewing records or three hundred."""
    records = list(
        ViewingRecord.objects.filter(user=user)
        .select_related("video")
        .defer("watched_intervals")
        .order_by("-last_report_at", "-pk")
    )
    pages = pages_for_videos([r.video_id for r in records])

    def entry(record: ViewingRecord) -> ClipEntry:
        page = pages.get(record.video_id)
        return ClipEntry(
            title=page.title if page else record.video.title,
            url=page.url if page else None,
            percent_watched=record.percent_watched,
            last_position=record.last_position,
            completed_at=record.completed_at,
        )

    in_progress = [entry(r) for r in records if r.completed_at is None and r.coverage > 0]
    completed = sorted((entry(r) for r in records if r.completed_at), key=lambda e: e.completed_at, reverse=True)
    pathways = pathways_for_user(user=user)
    certificates = _certificates(pathways)
    return LearningDashboard(
        continue_watching=in_progress[:CONTINUE_WATCHING_LIMIT],
        completed=completed,
        pathways=[p for p in pathways if not p.complete],
        certificates=certificates,
    )


def _certificates(pathways: list[PathwayProgress]) -> list[Certificate]:
    """Completed pathways with the Big Ideas and principles they developed: the pathway's
    own, plus those of every clip it asked for (two queries for all of them)."""
    complete = [p for p in pathways if p.complete]
    if not complete:
        return []
    clip_ids = {s.step.clip_id for p in complete for s in p.steps if s.step.clip_id}
    clips = {
        c.pk: c for c in PDVideoPage.objects.filter(pk__in=clip_ids).prefetch_related("big_ideas", "principles")
    }
    certificates = []
    for p in complete:
        ideas = {i.pk: i for i in p.pathway.big_ideas.all()}
        principles = {x.pk: x for x in p.pathway.principles.all()}
        for s in p.steps:
            clip = clips.get(s.step.clip_id)
            if clip:
                ideas.update({i.pk: i for i in clip.big_ideas.all()})
                principles.update({x.pk: x for x in clip.principles.all()})
        certificates.append(
            Certificate(
                pathway_title=p.pathway.title,
                completed_at=p.completed_at,
                big_ideas=sorted(ideas.values(), key=lambda i: i.order),
                principles=sorted(principles.values(), key=lambda x: x.order),
            )
        )
    return certificates


# --- Reporting ----------------------------------------------------------------------------


def retention_curve_for_video(*, video, step: float = 1.0) -> list[int]:
    """How many teachers watched each second (or `step`) of `video`. One query."""
    if not video.duration:
        return []
    viewers = ViewingRecord.objects.filter(video=video).values_list("watched_intervals", flat=True).iterator()
    return intervals.retention_curve(viewers, duration=video.duration, step=step)

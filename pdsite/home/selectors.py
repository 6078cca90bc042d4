"""Reads for home: a teacher's learning at a glance (My learning): clips to continue and
completed (progress), pathways in progress and completed, with certificates (pathways), and
what is assigned and due with their workshops (departments' `due_for_user`, the one definition
the departments pages read too).
Reads the other apps only through their selectors; a fixed number of queries, however many
records a teacher has."""

import datetime
from dataclasses import dataclass

from pdsite.courses.models import BigIdea, EssencePrinciple
from pdsite.courses.selectors import clips_with_ideas, pages_for_videos
from pdsite.departments.selectors.due import Due, due_for_user
from pdsite.pathways.selectors import PathwayProgress, pathways_for_user
from pdsite.progress.models import ViewingRecord
from pdsite.progress.selectors import viewing_records_for_user


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
    due: Due


CONTINUE_WATCHING_LIMIT = 6


def learning_dashboard_for_user(*, user) -> LearningDashboard:
    """Everything "My learning" shows, in a fixed number of queries (about ten), whether the
    teacher has three viewing records or three hundred."""
    records = viewing_records_for_user(user=user)
    # The teacher's own history stays listed; a link only to a clip page they may still open.
    pages = pages_for_videos(user, [r.video_id for r in records])

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
        due=due_for_user(user=user),
    )


def _certificates(pathways: list[PathwayProgress]) -> list[Certificate]:
    """Completed pathways with the Big Ideas and principles they developed: the pathway's
    own, plus those of every clip it asked for (two queries for all of them)."""
    complete = [p for p in pathways if p.complete]
    if not complete:
        return []
    clip_ids = {s.step.clip_id for p in complete for s in p.steps if s.step.clip_id}
    clips = clips_with_ideas(clip_ids)
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

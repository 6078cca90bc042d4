"""Reads for feedback: a video's comment threads as a viewer sees them, links to a comment's
moment, and the department tag report. Every list filters with the one rule (access.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from pdsite.courses.access import clip_pages_for_videos
from pdsite.courses.models import BigIdea, EssencePrinciple
from pdsite.lessons.models import Recording
from pdsite.videos.access import visible_video_ids

from . import access
from .models import Comment, Ittecf


def moment_url(comment: Comment, viewer) -> str:
    """Where `viewer` opens `comment`'s moment: the clip page (or the recording's page) at its
    second, scrolled to the comment. Empty when there is no page for them to open."""
    video = comment.video
    root_id = comment.parent_id or comment.pk
    if video.private:
        recording = access.recording_of(video)
        # The recording page belongs to the recordings work (pdsite.lessons); it gives
        # Recording.get_absolute_url.
        base = recording.get_absolute_url() if recording is not None and hasattr(recording, "get_absolute_url") else ""
    else:
        page = clip_pages_for_videos(viewer, [video.pk]).get(video.pk)
        base = page.url if page is not None else ""
    return f"{base}?t={int(comment.start)}#comment-{root_id}" if base else ""


@dataclass
class Thread:
    """One comment with its replies, and what the viewer may do with each."""

    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def comment_threads(viewer, video, *, now=None) -> list[Thread]:
    """The comments on `video` that `viewer` may see, by moment, each with its replies (oldest
    first). Each comment carries `can_edit`, `can_resolve` (roots) and `can_delete`. Three
    queries after the rule's own (comments with authors, and the two tag tables)."""
    from .services import may_edit

    user = getattr(viewer, "user", viewer)
    now = now or timezone.now()
    comments = list(
        Comment.objects.visible_to(viewer, video)
        .select_related("author", "resolved_by", "department")
        .prefetch_related("big_ideas", "principles")
        .order_by("start", "created_at", "pk")
    )
    owner_id = getattr(access.recording_of(video), "owner_id", None)
    threads: dict[int, Thread] = {}
    for c in comments:
        c.can_edit = may_edit(user, c, now=now)
        c.can_delete = c.author_id == user.pk or owner_id == user.pk
        c.can_resolve = c.parent_id is None and c.can_delete
        if c.parent_id is None:
            threads[c.pk] = Thread(c)
    for c in comments:
        if c.parent_id in threads:
            threads[c.parent_id].replies.append(c)
    return list(threads.values())


# --- The department tag report ----------------------------------------------------------


@dataclass
class Named:
    """A recording the viewer may see, and how many comments on it carry the tag."""

    title: str
    owner: str
    count: int


@dataclass
class TagRow:
    label: str
    count: int = 0
    named: list[Named] = field(default_factory=list)
    # Comments on recordings the viewer may not see: counted, never named.
    unnamed: int = 0


@dataclass
class TagReport:
    big_ideas: list[TagRow]
    principles: list[TagRow]
    ittecf: list[TagRow]
    comments: int
    recordings: int


def tag_report_for_department(department, viewer) -> TagReport:
    """How often each Big Idea, Essence principle and ITTECF standard is tagged in the comments
    on `department`'s observed lessons (recordings whose department it is). `comments`, `recordings`: how many comments, on how many recordings.

    Counts take every comment except private notes ("Only me": their author's alone). Titles
    and owners are given only for recordings `viewer` may see (the one video rule: a head of
    department sees a teacher's recording only when it is shared with them). Seven queries
    (five here, the video rule's own for the grants that ask), however many comments there are.
    """
    comments = Comment.objects.filter(video__recording__department=department).exclude(
        audience=Comment.Audience.PRIVATE
    )
    by_idea = (
        Comment.big_ideas.through.objects.filter(comment__in=comments)
        .values_list("bigidea_id", "comment__video__recording")
        .annotate(n=Count("pk"))
    )
    by_principle = (
        Comment.principles.through.objects.filter(comment__in=comments)
        .values_list("essenceprinciple_id", "comment__video__recording")
        .annotate(n=Count("pk"))
    )
    by_standard = (
        comments.exclude(ittecf="").values_list("ittecf", "video__recording").annotate(n=Count("pk")).order_by()
    )
    counted = [list(by_idea), list(by_principle), list(by_standard)]
    recording_ids = {r for rows in counted for _, r, _ in rows}
    recordings = Recording.objects.filter(pk__in=recording_ids).select_related("owner").only(
        "pk", "title", "video_id", "owner__first_name", "owner__last_name", "owner__username"
    )
    recordings = {r.pk: r for r in recordings}
    visible = visible_video_ids(viewer, [r.video_id for r in recordings.values()]) if recordings else set()

    def rows(labels: dict, counts) -> list[TagRow]:
        found: dict = defaultdict(list)
        for key, recording_id, n in counts:
            found[str(key)].append((recordings[recording_id], n))
        out = []
        for key, label in labels.items():
            row = TagRow(label=label)
            for recording, n in sorted(found.get(str(key), []), key=lambda pair: (-pair[1], pair[0].title)):
                row.count += n
                if recording.video_id in visible:
                    owner = recording.owner.get_full_name() or recording.owner.username
                    row.named.append(Named(title=recording.title, owner=owner, count=n))
                else:
                    row.unnamed += n
            out.append(row)
        return out

    totals = comments.aggregate(comments=Count("pk"), recordings=Count("video", distinct=True))
    ideas = {i.pk: i.name for i in BigIdea.objects.only("pk", "name")}
    principles = {p.pk: str(p) for p in EssencePrinciple.objects.only("pk", "order", "title")}
    return TagReport(
        big_ideas=rows(ideas, counted[0]),
        principles=rows(principles, counted[1]),
        ittecf=rows(dict(Ittecf.choices), counted[2]),
        comments=totals["comments"],
        recordings=totals["recordings"],
    )

"""Who may see a comment, and who may write one: the one rule for feedback.

Seeing. The viewer must see the video (`pdsite.videos.access.video_visible_to`), and then:
- PRIVATE ("Only me"): the author only (not even the recording's owner);
- SHARE ("People this is shared with"), on a recording: the author, the recording's owner,
  and the audience of the comment's share while that share is live (not revoked, not ended);
  a SHARE comment without a share is the owner's, to everyone with a live share;
- DEPARTMENT ("My department"): the members of that department (and the author, and on a
  recording its owner).
A viewer allowed only part of a recording (a clip share: `video_windows`) sees only the
comments whose moment is inside their windows. A reply is seen by whoever sees its comment.
`visible_comments` is the rule as a queryset (`Comment.objects.visible_to(user, video)`);
`comment_visible_to` asks it about one comment, so a list never shows what a detail refuses.

Writing (`comment_options`). On a PD clip: anyone signed in who can see it, to "Only me" or to
a department of their own. On a recording: its owner, and people with a live share to comment;
to "Only me" or the share's people, or to a department the recording is shared with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from pdsite.departments.models import Department, Membership, Team
from pdsite.lessons.access import live_shares
from pdsite.lessons.audiences import audiences_for
from pdsite.lessons.models import Recording, Share
from pdsite.videos.access import video_visible_to, video_windows

from .models import Comment

NOT_FOUND = "No such comment."


def _user(viewer):
    """The user behind a viewer (a request or a user)."""
    return getattr(viewer, "user", viewer)


def recording_of(video) -> Recording | None:
    """The lesson recording `video` belongs to (None for a PD clip). Cached on the video."""
    if not video.private:
        return None
    if not hasattr(video, "_feedback_recording"):
        video._feedback_recording = Recording.objects.filter(video_id=video.pk).first()
    return video._feedback_recording


def _inside(windows, prefix: str) -> Q:
    """Comments whose moment is inside one of `windows` (a list of (start, end) seconds)."""
    inside = Q(pk__in=[])
    for start, end in windows:
        inside |= Q(**{f"{prefix}start__gte": start, f"{prefix}start__lte": end})
    return inside


def _audience(user, recording: Recording | None, prefix: str) -> Q:
    """The audience part of the rule, on the fields under `prefix` ("" or "parent__")."""
    f = lambda name: f"{prefix}{name}"  # noqa: E731
    mine = Q(**{f("author"): user})
    private = Q(**{f("audience"): Comment.Audience.PRIVATE}) & mine
    departments = Membership.objects.filter(user=user).values("department_id")
    department = Q(**{f("audience"): Comment.Audience.DEPARTMENT}) & (
        mine | Q(**{f"{f('department')}__in": departments})
    )
    if recording is None:
        return private | department
    is_owner = recording.owner_id == user.pk
    shares = live_shares(recording).filter(audiences_for(user)).values("pk")
    if is_owner:
        share = Q(**{f("audience"): Comment.Audience.SHARE})
        department = Q(**{f("audience"): Comment.Audience.DEPARTMENT})
    else:
        any_live_share = live_shares(recording).filter(audiences_for(user)).exists()
        share = Q(**{f("audience"): Comment.Audience.SHARE}) & (
            mine
            | Q(**{f"{f('share')}__in": shares})
            | (Q(**{f"{f('share')}__isnull": True}) if any_live_share else Q(pk__in=[]))
        )
    return private | share | department


def visible_comments(viewer, video, queryset: QuerySet[Comment] | None = None) -> QuerySet[Comment]:
    """The comments and replies on `video` that `viewer` (a request or a user) may see (see the
    module docstring). None at all for anonymous viewers or a video they may not see."""
    queryset = (Comment.objects.all() if queryset is None else queryset).filter(video_id=video.pk)
    user = _user(viewer)
    if not user.is_authenticated or not video_visible_to(viewer, video):
        return queryset.none()
    recording = recording_of(video)
    roots = Q(parent__isnull=True) & _audience(user, recording, "")
    replies = Q(parent__isnull=False) & _audience(user, recording, "parent__")
    windows = video_windows(viewer, video) if recording is not None and recording.owner_id != user.pk else None
    if windows is not None:
        roots &= _inside(windows, "")
        replies &= _inside(windows, "parent__")
    return queryset.filter(roots | replies)


def comment_visible_to(viewer, comment: Comment | None) -> bool:
    """May `viewer` see `comment`? False for None (no such comment). Asks `visible_comments`."""
    if comment is None:
        return False
    return visible_comments(viewer, comment.video).filter(pk=comment.pk).exists()


def comment_get_visible(viewer, comment_id) -> Comment | None:
    """The comment `viewer` may see, or None whether it does not exist or may not be seen."""
    comment = Comment.objects.select_related("video", "parent").filter(pk=comment_id).first()
    return comment if comment_visible_to(viewer, comment) else None


@dataclass
class CommentOptions:
    """What `user` may write on a video: `allowed`, else `refusal` says why; the audiences and
    departments offered; the share they comment through; the windows a moment must be inside
    (None: the whole video)."""

    allowed: bool = False
    refusal: str = ""
    audiences: list[str] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    share: Share | None = None
    windows: list[tuple[float, float]] | None = None
    recording: Recording | None = None


def comment_options(viewer, video, *, share_id=None) -> CommentOptions:
    """What `viewer` may write on `video` (see the module docstring). `share_id`: the share the
    page was opened through; it counts only when it is one of their live shares to comment."""
    user = _user(viewer)
    if not user.is_authenticated or not video_visible_to(viewer, video):
        return CommentOptions(refusal="Sign in and open the video to comment on it.")
    own = Department.objects.filter(memberships__user=user)
    recording = recording_of(video)
    if recording is None:
        departments = list(own)
        audiences = [Comment.Audience.PRIVATE] + ([Comment.Audience.DEPARTMENT] if departments else [])
        return CommentOptions(allowed=True, audiences=audiences, departments=departments)
    live = live_shares(recording)
    shared_departments = Department.objects.filter(
        pk__in=live.filter(audience_kind="department").values("audience_id")
    )
    if recording.owner_id == user.pk:
        departments, share, windows = list(shared_departments), None, None
    else:
        mine = list(live.filter(audiences_for(user), permission=Share.Permission.COMMENT).order_by("start", "pk"))
        if not mine:
            return CommentOptions(refusal="This recording is shared with you to watch, not to comment on.")
        # The share the page was opened through, else a whole-recording one, else the first.
        share = next((s for s in mine if str(s.pk) == str(share_id)), None) or next(
            (s for s in mine if not s.is_clip), mine[0]
        )
        departments = list(shared_departments.filter(pk__in=own.values("pk")))
        windows = video_windows(viewer, video)
    audiences = [Comment.Audience.SHARE, Comment.Audience.PRIVATE]
    if departments:
        audiences.append(Comment.Audience.DEPARTMENT)
    return CommentOptions(
        allowed=True, audiences=audiences, departments=departments, share=share, windows=windows,
        recording=recording,
    )


def may_resolve_or_delete(user, comment: Comment) -> bool:
    """The author, or the owner of the recording the comment is on."""
    if comment.author_id == user.pk:
        return True
    recording = recording_of(comment.video)
    return recording is not None and recording.owner_id == user.pk

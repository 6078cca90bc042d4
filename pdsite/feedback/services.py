"""Writes for feedback: create, reply, edit, resolve, delete comments; @mentions notify.

Each service checks who may do it (feedback/access.py) and raises ValidationError with a
message a person can act on; nothing is written when it does. Callers look the comment up with
`access.comment_get_visible` first, so a comment the user may not see never gets this far.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pdsite.departments.models import Notification
from pdsite.videos.pipeline.vtt import format_clock

from . import access
from .models import Comment, Ittecf, Mention
from .selectors import moment_url

User = get_user_model()

BODY_MAX = 5000
# @username: Django usernames are letters, digits and @.+-_; a mention ends before a trailing
# full stop or comma ("thanks @mentor."), and an e-mail address (a@b) is not a mention.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]*[\w@+-])")


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something in the comment."})
    if len(body) > BODY_MAX:
        raise ValidationError({"body": f"Keep a comment under {BODY_MAX} characters (this one has {len(body)})."})
    return body


def _range(start: float, end: float | None) -> str:
    return f"{format_clock(start)}–{format_clock(end)}" if end is not None else format_clock(start)


def _check_moment(video, options: access.CommentOptions, start: float, end: float | None) -> None:
    """The moment (and end) must be inside the video, and inside the viewer's clip windows."""
    if start is None or start < 0:
        raise ValidationError({"start": "Give the moment as minutes:seconds from the start, e.g. 1:05."})
    if end is not None and end <= start:
        raise ValidationError({"end": f"The end must come after the start ({format_clock(start)})."})
    duration = video.duration
    if duration and (start > duration or (end is not None and end > duration)):
        raise ValidationError(
            {"start": f"{_range(start, end)} is outside the video, which runs 0:00–{format_clock(duration)}."}
        )
    if options.windows is not None:
        inside = any(s <= start <= e and (end is None or end <= e) for s, e in options.windows)
        if not inside:
            parts = ", ".join(f"{format_clock(s)}–{format_clock(e)}" for s, e in options.windows) or "none of it"
            raise ValidationError({"start": f"{_range(start, end)} is outside the part shared with you ({parts})."})


def _audience_fields(options: access.CommentOptions, audience: str, department) -> dict:
    if audience not in options.audiences:
        offered = ", ".join(f"“{Comment.Audience(a).label}”" for a in options.audiences)
        raise ValidationError({"audience": f"Choose who sees the comment: {offered}."})
    if audience == Comment.Audience.DEPARTMENT:
        wanted = getattr(department, "pk", department)
        if wanted in (None, "") and len(options.departments) == 1:
            wanted = options.departments[0].pk
        chosen = next((d for d in options.departments if str(d.pk) == str(wanted)), None)
        if chosen is None:
            raise ValidationError({"department": "Choose one of your departments for “My department”."})
        return {"audience": audience, "department": chosen, "share": None}
    if audience == Comment.Audience.SHARE:
        return {"audience": audience, "department": None, "share": options.share}
    return {"audience": audience, "department": None, "share": None}


def _set_tags(comment: Comment, big_ideas, principles) -> None:
    if big_ideas is not None:
        comment.big_ideas.set(list(big_ideas))
    if principles is not None:
        comment.principles.set(list(principles))


def _clean_ittecf(ittecf: str | None) -> str:
    ittecf = ittecf or ""
    if ittecf and ittecf not in Ittecf.values:
        raise ValidationError({"ittecf": "Choose one of the eight ITTECF standards, or none."})
    return ittecf


def _clean_kind(kind: str) -> str:
    if kind not in Comment.Kind.values:
        raise ValidationError({"kind": "Choose a kind: question, suggestion, strength or note."})
    return kind


@transaction.atomic
def comment_create(
    *,
    author,
    video,
    kind: str,
    start: float,
    end: float | None = None,
    body: str,
    audience: str,
    share_id=None,
    department=None,
    big_ideas: Iterable = (),
    principles: Iterable = (),
    ittecf: str = "",
) -> Comment:
    """A comment by `author` on `video` at `start` (to `end`). `share_id`: the share the page
    was opened through (a recording). Raises ValidationError (nothing written) when the
    author may not comment, the moment is outside what they may see, or a field is wrong."""
    options = access.comment_options(author, video, share_id=share_id)
    if not options.allowed:
        raise ValidationError(options.refusal)
    fields = _audience_fields(options, audience, department)
    start = float(start) if start is not None else None
    end = float(end) if end not in (None, "") else None
    _check_moment(video, options, start, end)
    comment = Comment.objects.create(
        video=video, author=author, kind=_clean_kind(kind), start=start, end=end, body=_clean_body(body),
        ittecf=_clean_ittecf(ittecf), **fields,
    )
    _set_tags(comment, big_ideas, principles)
    _mentions_notify(comment)
    return comment


@transaction.atomic
def comment_reply(*, author, parent: Comment, body: str, kind: str = Comment.Kind.NOTE) -> Comment:
    """A reply to `parent` (to its comment, when `parent` is itself a reply). It takes the
    comment's moment and audience, so it is seen by whoever sees the comment."""
    root = parent.parent or parent
    options = access.comment_options(author, root.video, share_id=root.share_id)
    if not options.allowed:
        raise ValidationError(options.refusal)
    if not access.comment_visible_to(author, root):
        raise ValidationError("That comment is no longer there to reply to.")
    reply = Comment.objects.create(
        video=root.video, author=author, parent=root, kind=_clean_kind(kind), start=root.start, end=root.end,
        body=_clean_body(body), audience=root.audience, share=root.share, department=root.department,
    )
    _mentions_notify(reply)
    return reply


def edit_deadline(comment: Comment):
    return comment.created_at + timedelta(minutes=settings.PDSITE_COMMENT_EDIT_MINUTES)


def may_edit(user, comment: Comment, *, now=None) -> bool:
    return comment.author_id == user.pk and (now or timezone.now()) <= edit_deadline(comment)


@transaction.atomic
def comment_edit(
    *, comment: Comment, user, body: str, kind: str | None = None, big_ideas=None, principles=None,
    ittecf: str | None = None, now=None,
) -> Comment:
    """Change the text (and kind, tags) of `user`'s own comment, within
    PDSITE_COMMENT_EDIT_MINUTES of posting it. People newly @mentioned are notified."""
    if comment.author_id != user.pk:
        raise ValidationError("Only the person who wrote a comment can edit it.")
    if not may_edit(user, comment, now=now):
        minutes = settings.PDSITE_COMMENT_EDIT_MINUTES
        raise ValidationError(f"A comment can be edited for {minutes} minutes after it is posted; this one no longer can.")
    comment.body = _clean_body(body)
    if kind is not None:
        comment.kind = _clean_kind(kind)
    if ittecf is not None and comment.parent_id is None:
        comment.ittecf = _clean_ittecf(ittecf)
    comment.edited_at = now or timezone.now()
    comment.save(update_fields=["body", "kind", "ittecf", "edited_at"])
    if comment.parent_id is None:
        _set_tags(comment, big_ideas, principles)
    _mentions_notify(comment)
    return comment


def _resolvable(comment: Comment, user) -> None:
    if comment.parent_id is not None:
        raise ValidationError("Replies are resolved with their comment.")
    if not access.may_resolve_or_delete(user, comment):
        raise ValidationError("Only the person who wrote a comment, or the recording's owner, can resolve it.")


@transaction.atomic
def comment_resolve(*, comment: Comment, user, now=None) -> Comment:
    _resolvable(comment, user)
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = now or timezone.now(), user
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def comment_unresolve(*, comment: Comment, user) -> Comment:
    _resolvable(comment, user)
    comment.resolved_at, comment.resolved_by = None, None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> None:
    """Delete a comment (with its replies and mentions): its author, or the recording's owner."""
    if not access.may_resolve_or_delete(user, comment):
        raise ValidationError("Only the person who wrote a comment, or the recording's owner, can delete it.")
    comment.delete()


def mentioned_usernames(body: str) -> list[str]:
    """The @usernames in `body`, in order, once each."""
    return list(dict.fromkeys(MENTION.findall(body or "")))


def _mentions_notify(comment: Comment) -> list[Mention]:
    """Mention rows and in-app notifications for the people @named in `comment` who may see
    it and were not already mentioned there. The digest picks the rows up (digest.py)."""
    names = mentioned_usernames(comment.body)
    if not names:
        return []
    already = set(comment.mentions.values_list("user_id", flat=True))
    people = User.objects.filter(username__in=names, is_active=True).exclude(pk__in=[comment.author_id, *already])
    made = []
    author = comment.author.get_full_name() or comment.author.username
    title = comment.video.title
    for person in people:
        if not access.comment_visible_to(person, comment):
            continue
        made.append(Mention.objects.create(comment=comment, user=person))
        Notification.objects.create(
            user=person,
            subject=f"{author} mentioned you at {format_clock(comment.start)} in “{title}”"[:200],
            body=comment.body,
            url=moment_url(comment, person),
        )
    return made

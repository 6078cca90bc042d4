"""Mentions in the reminder digest: the section feedback adds to departments' hourly digest
(registered in FeedbackConfig.ready(); departments imports no feedback code)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from pdsite.departments.models import ReminderPreference
from pdsite.videos.pipeline.vtt import format_clock

from . import access
from .models import Mention
from .selectors import moment_url

# Mentions older than this are not digested (the in-app notification already has them).
DIGEST_DAYS = 14


def mentions_digest_section(*, now=None) -> dict[int, list[str]]:
    """{user id: one line per mention of them not yet in a digest}. Each Mention row is claimed
    by a conditional update (empty to set), so two runs never put it in two digests; people
    who muted reminders, and comments they may no longer see, are claimed and left out."""
    now = now or timezone.now()
    muted = set(ReminderPreference.objects.filter(muted=True).values_list("user_id", flat=True))
    pending = (
        Mention.objects.filter(digested_at__isnull=True, created_at__gte=now - timedelta(days=DIGEST_DAYS))
        .select_related("user", "comment__author", "comment__video")
        .order_by("created_at", "pk")
    )
    lines: dict[int, list[str]] = defaultdict(list)
    for mention in pending:
        if not Mention.objects.filter(pk=mention.pk, digested_at__isnull=True).update(digested_at=now):
            continue
        comment, user = mention.comment, mention.user
        if user.pk in muted or not access.comment_visible_to(user, comment):
            continue
        author = comment.author.get_full_name() or comment.author.username
        url = moment_url(comment, user)
        lines[user.pk].append(
            f"{author} mentioned you at {format_clock(comment.start)} in “{comment.video.title}”"
            + (f": {url}" if url else "")
        )
    return dict(lines)

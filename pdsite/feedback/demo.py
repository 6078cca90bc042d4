"""Seed the feedback part of the demo (issue #14, "Demo seed"): on `ect`'s demo recording (made
by pdsite.lessons.demo), `mentor` has left two typed, tagged comments inside the clip shared with
them — a strength tagged "Representation and Structure" and a question. Seen by `ect` and
`mentor` only.

Idempotent: nothing is added when mentor has commented on the recording already. seed_demo
calls `seed(recording=...)` after the lessons seed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from pdsite.courses.models import BigIdea, EssencePrinciple

from . import services
from .models import Comment

COMMENTS = [
    dict(kind=Comment.Kind.STRENGTH, start=10.0, big_ideas=["representation-structure"], principles=[6],
         body="The ratio table made the structure visible: everyone saw the whole as five equal parts."),
    dict(kind=Comment.Kind.QUESTION, start=19.0, big_ideas=["mathematical-thinking"], principles=[],
         body="Could you ask a second pupil to explain Amir's sixty before you confirm it?"),
]


def seed(*, recording=None) -> list[Comment]:
    """Mentor's comments on `recording` (None: nothing to comment on yet), through the share
    they were given; returns them."""
    mentor = get_user_model().objects.filter(username="mentor").first()
    if recording is None or mentor is None:
        return []
    existing = list(Comment.objects.filter(video_id=recording.video_id, author=mentor))
    if existing:
        return existing
    share = recording.shares.filter(audience_kind="user", audience_id=mentor.pk, revoked_at__isnull=True).first()
    return [
        services.comment_create(
            author=mentor, video=recording.video, kind=data["kind"], start=data["start"], body=data["body"],
            audience=Comment.Audience.SHARE, share_id=share.pk if share else None,
            big_ideas=BigIdea.objects.filter(slug__in=data["big_ideas"]),
            principles=EssencePrinciple.objects.filter(order__in=data["principles"]),
        )
        for data in COMMENTS
    ]

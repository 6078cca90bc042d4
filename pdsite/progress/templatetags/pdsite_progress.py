"""Template tags for progress: the player's heartbeat token and what a teacher has watched.

Clip templates (courses) load these, so courses' Python never imports progress."""

from django import template

from ..heartbeat_tokens import heartbeat_token_issue
from ..models import ViewingRecord
from ..selectors import watched_percent_by_video

register = template.Library()

# Saved positions this close to either end are not worth offering to resume.
RESUME_MARGIN_SECONDS = 5


@register.simple_tag(takes_context=True)
def heartbeat_token(context, video) -> str:
    """The signed token the player sends with its progress reports (heartbeat_tokens);
    "" for anonymous visitors, when the session cannot carry one, and in an editor's preview:
    the token path trusts "a live page shows the video", so a preview of an unpublished page
    reports down the session path, which asks the whole rule (pdsite.videos.access)."""
    request = context.get("request")
    if request is None or video is None or not hasattr(request, "session") or getattr(request, "is_preview", False):
        return ""
    return heartbeat_token_issue(user=getattr(request, "user", None), video_id=video.pk, session_key=request.session.session_key)


@register.simple_tag(takes_context=True)
def watched_percents(context, clips) -> dict[int, int]:
    """{video id: percent watched} of `clips` (clip pages) for the signed-in teacher, for
    courses' `clip_list` tag; {} for anyone else. One query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return watched_percent_by_video(user=user, video_ids=[clip.video_id for clip in clips])


@register.simple_tag(takes_context=True)
def resume_position(context, video) -> float | None:
    """Where the signed-in viewer left off in `video`, for the player's "Resume at m:ss";
    None when there is nothing worth resuming (no record, or within a few seconds of either end)."""
    user = getattr(context.get("request"), "user", None)
    if video is None or not getattr(user, "is_authenticated", False) or not video.duration:
        return None
    position = (
        ViewingRecord.objects.filter(user=user, video=video).values_list("last_position", flat=True).first()
    )
    if position is None or not RESUME_MARGIN_SECONDS <= position <= video.duration - RESUME_MARGIN_SECONDS:
        return None
    return position

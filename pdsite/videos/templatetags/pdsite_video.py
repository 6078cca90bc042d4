from django import template
from django.apps import apps
from django.urls import reverse

from ..selectors import poster_url

register = template.Library()

PLAYBACK_RATES = ["0.5", "0.75", "1", "1.25", "1.5", "1.75", "2"]
# Saved positions this close to either end are not worth offering to resume.
RESUME_MARGIN_SECONDS = 5


@register.filter
def minutes_seconds(seconds) -> str:
    """123.4 -> "2:03": how durations and timestamps read in the player."""
    if seconds in (None, ""):
        return ""
    minutes, secs = divmod(int(round(float(seconds))), 60)
    return f"{minutes}:{secs:02d}"


def _resume_position(user, video) -> float | None:
    """Where a signed-in viewer left off, if worth resuming. Looked up by model label so
    videos imports no other app."""
    if not getattr(user, "is_authenticated", False) or not video.duration:
        return None
    position = (
        apps.get_model("progress", "ViewingRecord")
        .objects.filter(user=user, video=video)
        .values_list("last_position", flat=True)
        .first()
    )
    if position is None or not RESUME_MARGIN_SECONDS <= position <= video.duration - RESUME_MARGIN_SECONDS:
        return None
    return position


@register.inclusion_tag("videos/player.html", takes_context=True)
def video_player(context, video, report_url: str = "", report_token: str = ""):
    """The HLS player for `video`. With `report_url`, a signed-in viewer's progress is posted
    there and their saved position is offered as "Resume at m:ss". `report_token` (a signed
    heartbeat token from the caller's app) is sent with each report alongside the CSRF token."""
    # PLAYABLE counts: the master playlist plays from the start while bigger sizes finish.
    ready = video is not None and video.is_playable
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "video": video,
        "ready": ready,
        # Media is private (signed-in only), so a signed-out visitor is asked to sign in.
        "signed_in": signed_in,
        "request_path": request.get_full_path() if request else "",
        "playlist_url": reverse("videos:playlist", args=[video.pk, "master.m3u8"]) if ready else "",
        "poster_url": poster_url(video) if ready else "",
        "captions_url": reverse("videos:captions", args=[video.pk, "en"]) if ready and video.transcripts.exists() else "",
        "thumbnails_url": reverse("videos:thumbnails", args=[video.pk]) if ready and video.thumbnails else "",
        "report_url": report_url if signed_in else "",
        "resume_at": _resume_position(user, video) if ready and report_url and signed_in else None,
        "rates": PLAYBACK_RATES,
        "csrf_token": context.get("csrf_token"),
        "report_token": report_token if signed_in else "",
    }

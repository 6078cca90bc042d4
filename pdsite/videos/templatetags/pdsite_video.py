"""Template tags of the player: `video_player` (HLS player with captions, thumbnails and
progress reporting) and the `minutes_seconds` filter for durations and timestamps."""

from django import template
from django.urls import reverse

from ..access import video_windows
from ..descriptions.selectors import description_languages
from ..pipeline.vtt import format_clock
from ..selectors import poster_url
from ..transcripts.selectors import caption_tracks

register = template.Library()

PLAYBACK_RATES = ["0.5", "0.75", "1", "1.25", "1.5", "1.75", "2"]


@register.filter
def minutes_seconds(seconds) -> str:
    """123.4 -> "2:03": how durations and timestamps read in the player (`format_clock`)."""
    if seconds in (None, ""):
        return ""
    return format_clock(float(seconds))


def chosen_caption_language(request, tracks: list[dict]) -> str:
    """The caption language a page opens in: `?lang=xx` when the video has that track (a
    search result links to the moment in the language it matched), else the first track's."""
    wanted = request.GET.get("lang", "") if request is not None else ""
    codes = [track["language"] for track in tracks]
    return wanted if wanted in codes else (codes[0] if codes else "")


@register.inclusion_tag("videos/player.html", takes_context=True)
def video_player(context, video, report_url: str = "", report_token: str = "", resume_at=None):
    """The HLS player for `video`. With `report_url`, a signed-in viewer's progress is posted
    there; `resume_at` (seconds, from the caller's app) is offered as "Resume at m:ss".
    `report_token` (a signed heartbeat token from the caller's app) is sent with each report
    alongside the CSRF token. The player knows no other app: progress passes both in."""
    # PLAYABLE counts: the master playlist plays from the start while bigger sizes finish.
    ready = video is not None and video.is_playable
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    # A clip of a private recording: the poster only when its moment is inside the clip.
    windows = video_windows(request or user, video) if ready and video.private and signed_in else None
    tracks = [
        {"language": code, "label": name, "url": reverse("videos:captions", args=[video.pk, code])}
        for code, name in (caption_tracks(video=video) if ready else [])
    ]
    descriptions = [
        {"language": code, "label": f"{name} (description)", "url": reverse("videos:descriptions", args=[video.pk, code])}
        for code, name in (description_languages(video=video) if ready and signed_in else [])
    ]
    return {
        "video": video,
        "ready": ready,
        # One <track kind="descriptions"> per language; player_description.js speaks the one
        # matching the caption language (else the first) when the viewer turns it on.
        "description_tracks": descriptions,
        # Media is private (signed-in only), so a signed-out visitor is asked to sign in.
        "signed_in": signed_in,
        "request_path": request.get_full_path() if request else "",
        "playlist_url": reverse("videos:playlist", args=[video.pk, "master.m3u8"]) if ready else "",
        "poster_url": (poster_url(video, user=user, windows=windows) or "") if ready and user is not None else "",
        # One <track> per approved caption language; `?lang=` (a search result's link) or the first is on.
        "caption_tracks": tracks,
        "caption_language": chosen_caption_language(request, tracks),
        "thumbnails_url": reverse("videos:thumbnails", args=[video.pk]) if ready and video.thumbnails else "",
        "report_url": report_url if signed_in else "",
        "resume_at": resume_at if ready and report_url and signed_in else None,
        "rates": PLAYBACK_RATES,
        "csrf_token": context.get("csrf_token"),
        "report_token": report_token if signed_in else "",
    }

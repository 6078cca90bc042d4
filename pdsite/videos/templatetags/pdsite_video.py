from django import template
from django.urls import reverse

from ..selectors import poster_url

register = template.Library()


@register.filter
def minutes_seconds(seconds) -> str:
    """123.4 -> "2:03": how durations and timestamps read in the player."""
    if seconds in (None, ""):
        return ""
    minutes, secs = divmod(int(round(float(seconds))), 60)
    return f"{minutes}:{secs:02d}"


@register.inclusion_tag("videos/player.html", takes_context=True)
def video_player(context, video, report_url: str = ""):
    """The HLS player for `video`. With `report_url`, a signed-in viewer's progress is posted there."""
    # PLAYABLE counts: the master playlist plays from the start while bigger sizes finish.
    ready = video is not None and video.is_playable
    request = context.get("request")
    return {
        "video": video,
        "ready": ready,
        "playlist_url": reverse("videos:playlist", args=[video.pk, "master.m3u8"]) if ready else "",
        "poster_url": poster_url(video) if ready else "",
        "captions_url": reverse("videos:captions", args=[video.pk, "en"]) if ready and video.transcripts.exists() else "",
        "thumbnails_url": reverse("videos:thumbnails", args=[video.pk]) if ready and video.thumbnails else "",
        "report_url": report_url if request and request.user.is_authenticated else "",
        "csrf_token": context.get("csrf_token"),
    }

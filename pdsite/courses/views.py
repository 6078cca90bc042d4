"""Views for courses: the progress heartbeat the player posts to."""

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from pdsite.videos.models import Video

from .services import InvalidReport, progress_record_heartbeat


@require_POST
def heartbeat(request: HttpRequest) -> JsonResponse:
    """Record the ranges a signed-in teacher's player has played.

    Form-encoded (so `navigator.sendBeacon` can carry the CSRF token): `video` (id),
    `ranges` (JSON list of [start, end] seconds) and optional `position`.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to record your progress."}, status=403)
    try:
        video_id = int(request.POST["video"])
        ranges = json.loads(request.POST.get("ranges", "[]"))
        position = request.POST.get("position")
        position = float(position) if position not in (None, "") else None
    except (KeyError, ValueError, TypeError):
        return JsonResponse({"error": "Send video (an id), ranges (JSON) and position (seconds)."}, status=400)

    video = Video.objects.filter(pk=video_id).first()
    if video is None:
        return JsonResponse({"error": "No such video."}, status=404)
    try:
        record = progress_record_heartbeat(user=request.user, video=video, ranges=ranges, position=position)
    except InvalidReport as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(
        {
            "watched_seconds": round(record.watched_seconds, 1),
            "percent_watched": record.percent_watched,
            "completed": record.completed_at is not None,
        }
    )

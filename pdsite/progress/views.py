"""Views for progress: the heartbeat the player posts the ranges it played to."""

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from pdsite.videos.access import video_visible_to
from pdsite.videos.models import Video

from .services import InvalidReport, ReportConflict, progress_record_heartbeat


@require_POST
def heartbeat(request: HttpRequest) -> JsonResponse:
    """Record the ranges a signed-in teacher's player has played.

    Form-encoded (so `navigator.sendBeacon` can carry the CSRF token): `video` (id),
    `ranges` (JSON list of [start, end] seconds) and optional `position`. Kept lean for
    the benchmark: no template; one locked row. A video the teacher may not see (the one
    rule, pdsite.videos.access) answers exactly like one that does not exist. Reports carrying
    a valid signed `token` never get here: middleware.HeartbeatTokenMiddleware records them.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to record your progress."}, status=403)
    claimed_user = request.POST.get("user")
    if claimed_user not in (None, "", str(request.user.pk)):
        return JsonResponse({"error": "You can only report your own progress."}, status=403)
    try:
        video_id = int(request.POST["video"])
    except (KeyError, ValueError, TypeError):
        return JsonResponse({"error": "Send video (an id), ranges (JSON) and position (seconds)."}, status=400)
    video = Video.objects.filter(pk=video_id).only("pk", "status", "duration").first()
    if not video_visible_to(request, video):
        video = None
    return heartbeat_record_response(user=request.user, video=video, data=request.POST)


def heartbeat_record_response(*, user, video, data) -> JsonResponse:
    """Parse the report in `data` (a QueryDict) for an already authenticated `user` and
    `video` (None: no such video, or one the user may not see: one answer), record it, and answer the player. Shared by the view
    above and the signed-token path (middleware.HeartbeatTokenMiddleware)."""
    try:
        ranges = json.loads(data.get("ranges", "[]"))
    except (ValueError, TypeError):
        return JsonResponse({"error": "Send video (an id), ranges (JSON) and position (seconds)."}, status=400)
    position = data.get("position") or None
    if video is None:
        return JsonResponse({"error": "No such video."}, status=404)
    try:
        record = progress_record_heartbeat(user=user, video=video, ranges=ranges, position=position)
    except InvalidReport as error:
        return JsonResponse({"error": str(error)}, status=400)
    except ReportConflict as error:  # the player's next report carries the same ranges again
        return JsonResponse({"error": str(error)}, status=409)
    return heartbeat_recorded_response(record)


def heartbeat_recorded_response(record) -> JsonResponse:
    """What the player is told about its recorded report (both paths)."""
    return JsonResponse(
        {
            "watched_seconds": round(record.watched_seconds, 1),
            "percent_watched": record.percent_watched,
            "completed": record.completed_at is not None,
        }
    )

"""The "System status" screen in the Wagtail admin (superusers only): the readiness checks, the
transcode queue, and the recently failed videos, each with a Retry button
(pdsite.videos.services.video_retry, the same service as the video library's button).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.viewsets.base import ViewSet

from pdsite.videos.access import NOT_FOUND
from pdsite.videos.models import Video
from pdsite.videos.services import InvalidTransition, video_retry

from . import selectors
from .checks import readiness_checks


def _require_superuser(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


def system_status(request: HttpRequest) -> HttpResponse:
    _require_superuser(request)
    checks = readiness_checks()
    context = {
        "checks": checks,
        "all_ready": all(check.ok for check in checks),
        "queue": selectors.transcode_queue(),
        "failed_videos": selectors.failed_videos_recent(),
        "failed_private": selectors.failed_private_count(),
    }
    return TemplateResponse(request, "ops/admin/system_status.html", context)


@require_POST
def system_status_retry(request: HttpRequest, video_id: int) -> HttpResponse:
    _require_superuser(request)
    # A private recording is not the administrator's to see (videos/access.py): like an unknown id.
    video = Video.objects.filter(pk=video_id, private=False).first()
    if video is None:
        raise Http404(NOT_FOUND)
    try:
        video_retry(video=video)
    except InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{video.title}” is queued for transcoding again.")
    return redirect("system_status:index")


class SystemStatusViewSet(ViewSet):
    name = "system_status"
    icon = "pick"
    menu_label = "System status"
    add_to_settings_menu = True
    menu_item_class = AdminOnlyMenuItem  # shown to superusers only; the views check it too

    def get_urlpatterns(self):
        return [
            path("", system_status, name="index"),
            path("videos/<int:video_id>/retry/", system_status_retry, name="retry"),
        ]

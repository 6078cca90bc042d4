"""The "Locked sign-ins" screen in the Wagtail admin (superusers only): who is locked out of
signing in, and an Unlock button that clears the lockout through axes' reset.

The same can be done from the shell: `manage.py axes_reset_username USERNAME` (axes' command).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.viewsets.base import ViewSet

from .signin_lockout import locked_attempt_list, lockout_clear


def _require_superuser(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


def locked_signins_index(request: HttpRequest) -> HttpResponse:
    _require_superuser(request)
    context = {
        "attempts": locked_attempt_list(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return TemplateResponse(request, "home/admin/locked_signins.html", context)


@require_POST
def locked_signins_unlock(request: HttpRequest, attempt_id: int) -> HttpResponse:
    _require_superuser(request)
    if lockout_clear(attempt_id=attempt_id):
        messages.success(request, "Unlocked: that account can sign in again from that address.")
    else:
        messages.warning(request, "Nothing to unlock: the lockout had already ended.")
    return redirect("locked_signins:index")


class LockedSigninsViewSet(ViewSet):
    name = "locked_signins"
    icon = "lock"
    menu_label = "Locked sign-ins"
    add_to_settings_menu = True
    menu_item_class = AdminOnlyMenuItem  # shown to superusers only; the views check it too

    def get_urlpatterns(self):
        return [
            path("", locked_signins_index, name="index"),
            path("<int:attempt_id>/unlock/", locked_signins_unlock, name="unlock"),
        ]

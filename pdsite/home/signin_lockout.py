"""Sign-in lockout (django-axes): the locked-out response, and reading and clearing lockouts.

axes counts failed sign-ins per username and address on both forms (the site's and the
Wagtail admin's) and refuses further attempts once settings.AXES_FAILURE_LIMIT is reached,
for settings.AXES_COOLOFF_TIME. This module decides what a locked-out person sees (the same
form again, with the reason, status 429) and gives the admin screen its list and its unlock.
"""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Too many failed sign-in attempts. Try again in {minutes} minutes, "
        "or ask an administrator to unlock your account."
    )


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None):
    """settings.AXES_LOCKOUT_CALLABLE: the sign-in form the view rendered, with only the lockout
    message as its error, and status 429. The form stays usable once the cool-off is over."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if isinstance(original_response, TemplateResponse) and "form" in (original_response.context_data or {}):
        form = original_response.context_data["form"]
        # "Please enter a correct username and password" would be misleading while locked.
        form.errors.pop("__all__", None)
        form.add_error(None, lockout_message())
        original_response.content = original_response.rendered_content
        original_response.status_code = status
        return original_response
    return HttpResponse(lockout_message(), status=status, content_type="text/plain; charset=utf-8")


def locked_attempt_list() -> QuerySet[AccessAttempt]:
    """Username+address pairs locked out now: at the failure limit, within the cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


def lockout_clear(*, attempt_id: int) -> int:
    """Unlock one username+address (axes' own reset); returns how many records were removed."""
    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        return 0
    return reset(ip=attempt.ip_address, username=attempt.username)

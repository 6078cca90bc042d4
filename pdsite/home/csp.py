"""The Content-Security-Policy middleware: django-csp's, choosing the policy by site area.

The public site gets settings.CONTENT_SECURITY_POLICY (nonce-based, no inline code); the
Wagtail admin, which still needs inline scripts and styles, gets
settings.PDSITE_ADMIN_CONTENT_SECURITY_POLICY. Both are django-csp 4 dicts ({"DIRECTIVES": ...}),
and a view's @csp_update / @csp_replace still apply on top of either.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse


def is_admin_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(reverse("wagtailadmin_home"))


class AdminAwareCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        # A view's own @csp(...) config wins; otherwise the admin gets its policy.
        if not report_only and parts.config is None and is_admin_request(request):
            parts.config = default_config(settings.PDSITE_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
            # 'unsafe-inline' counts only while no nonce is in the header (CSP level 2).
            parts.nonce = None
        return parts

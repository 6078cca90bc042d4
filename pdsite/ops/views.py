"""The probes and the metrics endpoint: /healthz, /readyz, /metrics (see middleware.ProbeMiddleware
for why they are answered before the host check and HTTPS redirect).

- /healthz: the process is up and answering; touches nothing else (no database), so a slow
  database never gets a healthy web process restarted.
- /readyz: checks.readiness_checks; 200 when every check passed, else 503 naming the failed ones.
- /metrics: the Prometheus exposition, for addresses in settings.METRICS_ALLOWED_IPS or a
  request carrying `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 403.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from . import metrics
from .checks import readiness_checks


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    results = readiness_checks()
    failed = [result.name for result in results if not result.ok]
    body = {
        "status": "failed" if failed else "ok",
        "failed": failed,
        "message": (
            "Not ready: " + "; ".join(result.message for result in results if not result.ok)
            if failed else "Ready: the database, broker, search engine and storage all answered."
        ),
        "checks": {result.name: result.as_dict() for result in results},
    }
    return JsonResponse(body, status=503 if failed else 200)


def _address_allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for allowed in settings.METRICS_ALLOWED_IPS:
        try:
            if ip in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:  # a typo in the setting allows nothing rather than failing every scrape
            continue
    return False


def _token_presented(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(presented.strip(), token)


def metrics_allowed(request: HttpRequest) -> bool:
    # REMOTE_ADDR, never X-Forwarded-For: a client sets that header to anything it likes.
    return _address_allowed(request.META.get("REMOTE_ADDR", "")) or _token_presented(request)


@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse(
            "Metrics are served only to the addresses in METRICS_ALLOWED_IPS or with the METRICS_TOKEN bearer token.\n",
            status=403, content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)

"""Two middlewares, first in settings.MIDDLEWARE (outermost):

- RequestMetricsMiddleware times every request, including the heartbeat's token path, which
  answers from progress.middleware before URL resolution; it labels by the resolved URL name.
- ProbeMiddleware answers /healthz, /readyz and /metrics before SecurityMiddleware and
  CommonMiddleware: probes and scrapers call the container by its address over plain HTTP
  (127.0.0.1:8000, web:8000), which the production host list and HTTPS redirect would refuse.
  What these views say is guarded by the views themselves (metrics: allowed IPs or token).
"""

from __future__ import annotations

import time

from django.urls import Resolver404, resolve, reverse

from . import metrics

HEARTBEAT = "progress:heartbeat"


def url_name(request) -> str:
    """The namespaced URL name of the request ("search", "progress:heartbeat"), "unresolved"
    for a 404 of the URL conf, or "unnamed"."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "unresolved"
    return match.view_name or "unnamed"


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        view = url_name(request)
        metrics.REQUEST_SECONDS.labels(
            view=view, method=request.method, status=f"{response.status_code // 100}xx"
        ).observe(seconds)
        if view == HEARTBEAT and request.method == "POST":
            metrics.HEARTBEAT_REPORTS.labels(status=str(response.status_code)).inc()
        return response


class ProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.views = None  # resolved on first use: URLs may not be loaded at start-up

    def __call__(self, request):
        if self.views is None:
            from . import views

            self.views = {
                reverse("ops:healthz"): views.healthz,
                reverse("ops:readyz"): views.readyz,
                reverse("ops:metrics"): views.metrics_view,
            }
        view = self.views.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)

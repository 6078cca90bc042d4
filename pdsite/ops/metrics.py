"""Prometheus metrics (prometheus_client): what the site counts while it runs, and what it
reads from the database when it is scraped.

Counted in-process (one value per process; with several gunicorn workers set
PROMETHEUS_MULTIPROC_DIR and the exposition adds them up, see `exposition`):
- pdsite_http_request_duration_seconds{view, method, status}: middleware.RequestMetricsMiddleware,
  labelled by the resolved URL name (never the raw path: ids would make a series each);
- pdsite_heartbeat_reports_total{status}: progress reports (progress:heartbeat), both paths;
- pdsite_search_duration_seconds{backend} and pdsite_search_fallbacks_total: defined and counted
  in pdsite.search.metrics (around the engine's and the database's answer, and when the engine
  did not answer), in the same default registry.

Read from the Video rows at scrape time (selectors.transcode_queue; the same numbers on every
worker, so they are not multiprocess values):
- pdsite_transcode_queue_depth{state="waiting"|"running"}, pdsite_transcode_oldest_waiting_seconds,
  pdsite_videos_failed{stage}.

Read from the xAPI outbox at scrape time (pdsite.xapi.selectors.outbox_backlog):
- pdsite_xapi_outbox_backlog (statements waiting for the LRS), pdsite_xapi_outbox_failed (refused
  by it), pdsite_xapi_outbox_oldest_pending_seconds.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

REQUEST_SECONDS = Histogram(
    "pdsite_http_request_duration_seconds",
    "Time to answer a request, by resolved URL name, method and status class.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
HEARTBEAT_REPORTS = Counter(
    "pdsite_heartbeat_reports", "Progress heartbeat reports received, by response status.", ["status"]
)


class VideoQueueCollector:
    """The transcode queue and failed videos, read from the database on each scrape."""

    def collect(self):
        from .selectors import transcode_queue

        queue = transcode_queue()
        depth = GaugeMetricFamily(
            "pdsite_transcode_queue_depth", "Videos waiting for or in transcoding, by state.", labels=["state"]
        )
        depth.add_metric(["waiting"], queue.waiting)
        depth.add_metric(["running"], queue.running)
        yield depth
        yield GaugeMetricFamily(
            "pdsite_transcode_oldest_waiting_seconds",
            "How long the longest-waiting transcode job has waited (0: none waiting).",
            value=queue.oldest_waiting_seconds,
        )
        failed = GaugeMetricFamily("pdsite_videos_failed", "Videos whose processing failed, by stage.", labels=["stage"])
        for stage, count in sorted(queue.failed_by_stage.items()):
            failed.add_metric([stage or "unknown"], count)
        yield failed


class XapiOutboxCollector:
    """The xAPI outbox backlog, read from the database on each scrape."""

    def collect(self):
        from django.utils import timezone

        from pdsite.xapi.selectors import outbox_backlog

        backlog = outbox_backlog(now=timezone.now())
        yield GaugeMetricFamily(
            "pdsite_xapi_outbox_backlog", "xAPI statements waiting to be sent to the LRS.", value=backlog.pending
        )
        yield GaugeMetricFamily(
            "pdsite_xapi_outbox_failed", "xAPI statements the LRS refused (kept, not sent).", value=backlog.failed
        )
        yield GaugeMetricFamily(
            "pdsite_xapi_outbox_oldest_pending_seconds",
            "Age of the oldest xAPI statement waiting for the LRS (0: none waiting).",
            value=backlog.oldest_pending_seconds,
        )


DATABASE_REGISTRY = CollectorRegistry(auto_describe=False)
DATABASE_REGISTRY.register(VideoQueueCollector())
DATABASE_REGISTRY.register(XapiOutboxCollector())


def process_registry():
    """This process's registry, or, under gunicorn with PROMETHEUS_MULTIPROC_DIR set, one that
    adds up every worker's files (a scrape reaches one worker; the counts are all of them)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    from prometheus_client import REGISTRY

    return REGISTRY


def exposition() -> bytes:
    """The text exposition: the counters and histograms, then the database-read gauges."""
    return generate_latest(process_registry()) + generate_latest(DATABASE_REGISTRY)

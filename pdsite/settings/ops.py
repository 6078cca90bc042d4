"""Settings of the probes and metrics (pdsite/ops): /readyz's timeout and who may read /metrics.

Imported by base.py (``from .ops import *``), so every environment has them; each is read from
an environment variable documented in the README's settings table.
"""

import os


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


OPS_APPS = ["pdsite.ops"]
# First in MIDDLEWARE (base.py puts them there): outermost, to time every request (the heartbeat's
# token path too) and to answer /healthz, /readyz and /metrics before the host check and HTTPS
# redirect, because probes and scrapers call the container by its address over plain HTTP.
OPS_MIDDLEWARE = ["pdsite.ops.middleware.RequestMetricsMiddleware", "pdsite.ops.middleware.ProbeMiddleware"]

# Each /readyz check (broker, search engine, S3) gives up after this many seconds.
PDSITE_READINESS_TIMEOUT_SECONDS = float(_env("PDSITE_READINESS_TIMEOUT_SECONDS", "2"))
# /metrics answers these client addresses or networks (REMOTE_ADDR; comma-separated, CIDR allowed)
# and any request carrying "Authorization: Bearer <METRICS_TOKEN>" (unset: no token is accepted).
METRICS_ALLOWED_IPS = [item.strip() for item in _env("METRICS_ALLOWED_IPS", "127.0.0.1").split(",") if item.strip()]
METRICS_TOKEN = _env("METRICS_TOKEN")

"""Readiness checks: can this process reach the database, the broker, the search engine and
media storage? Each check makes one real, cheap request with a short timeout
(settings.PDSITE_READINESS_TIMEOUT_SECONDS) and reports how long it took.

The embedded default (SQLite, kombu's filesystem broker, database search, media on the local
disk) needs no server, so those are checked in place: a query, the broker folder, the search
table, the media folder. Messages name the service and its host but never a password, because
/readyz answers anyone who can reach it.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class CheckResult:
    name: str  # "database", "broker", "search", "storage"
    ok: bool
    backend: str  # what was checked, e.g. "sqlite", "redis at redis:6379"
    latency_ms: float
    message: str  # "ok" or why not

    def as_dict(self) -> dict:
        return {
            "status": "ok" if self.ok else "failed",
            "backend": self.backend,
            "latency_ms": self.latency_ms,
            "message": self.message,
        }


class NotReady(Exception):
    """A check's reason for failing, already worded for the reader of /readyz."""


def readiness_timeout() -> float:
    return float(getattr(settings, "PDSITE_READINESS_TIMEOUT_SECONDS", 2.0))


def where(url: str) -> str:
    """host:port of a URL, without its credentials or path."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{host}:{parts.port}" if parts.port else host


# --- The four checks: each returns its backend's description or raises -----------------------


def check_database(timeout: float) -> str:
    # On the request's own connection (Django connections are per thread); PostgreSQL's
    # connect timeout comes from DATABASE_URL (?connect_timeout=N) when the server is away.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    name = connection.vendor
    host = connection.settings_dict.get("HOST")
    return f"{name} at {host}:{connection.settings_dict.get('PORT') or 5432}" if host else name


def check_broker(timeout: float) -> str:
    from kombu import Connection

    url = settings.CELERY_BROKER_URL
    scheme = urlsplit(url).scheme or url.split(":")[0]
    if scheme == "filesystem":
        folder = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}).get("data_folder_in")
        if folder and os.path.isdir(folder) and not os.access(folder, os.W_OK):
            raise NotReady(f"The broker folder {folder} is not writable.")
    described = f"{scheme} at {where(url)}" if where(url) else scheme
    options = dict(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {})
    options.update(socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        with Connection(url, connect_timeout=timeout, transport_options=options) as broker:
            # No retries: an outage must show now, not after kombu's back-off.
            broker.ensure_connection(max_retries=0, timeout=timeout)
    except Exception as error:  # kombu wraps every transport's errors differently
        raise NotReady(f"Cannot reach the broker ({described}): {error}") from error
    return described


def check_search(timeout: float) -> str:
    from pdsite.search import engine

    config = engine.engine_config()
    if config is None:
        # Wagtail's database backend: the search lives in the database checked above.
        return "database search"
    hosts = list(config.urls or (config.url,))
    described = f"{config.kind} at {', '.join(where(url) for url in hosts)}"
    try:
        if config.kind == "elasticsearch8":
            import elasticsearch

            health = elasticsearch.Elasticsearch(hosts, request_timeout=timeout, max_retries=0).cluster.health()
        else:
            import opensearchpy

            health = opensearchpy.OpenSearch(hosts, timeout=timeout, max_retries=0).cluster.health()
    except engine.engine_errors() as error:
        raise NotReady(f"Cannot reach the search engine ({described}): {type(error).__name__}") from error
    status = health.get("status")
    if status == "red":
        # Red: some primary shard is missing, so some searches would miss results.
        raise NotReady(f"The search engine ({described}) reports status red.")
    return f"{described} ({status})"


def check_storage(timeout: float) -> str:
    storage = settings.STORAGES["default"]
    options = storage.get("OPTIONS", {})
    if storage["BACKEND"].endswith("S3Storage"):
        import boto3
        import botocore.config
        import botocore.exceptions

        endpoint = options.get("endpoint_url")
        bucket = options["bucket_name"]
        described = f"s3 bucket {bucket}" + (f" at {where(endpoint)}" if endpoint else "")
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=options.get("region_name"),
            aws_access_key_id=options.get("access_key"),
            aws_secret_access_key=options.get("secret_key"),
            config=botocore.config.Config(
                connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 1},
                s3={"addressing_style": "path"},
            ),
        )
        try:
            client.head_bucket(Bucket=bucket)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
            raise NotReady(f"Cannot reach media storage ({described}): {error}") from error
        return described
    root = str(options.get("location") or settings.MEDIA_ROOT)
    try:
        # A real write, as uploads and the transcoder make: permissions alone do not tell
        # (root may write anywhere; a full or read-only disk passes every access check).
        os.makedirs(root, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-"):
            pass
    except OSError as error:
        raise NotReady(f"Cannot write to the media folder {root}: {error.strerror or error}.") from error
    return "local disk"


CHECKS: dict[str, Callable[[float], str]] = {
    "database": check_database,
    "broker": check_broker,
    "search": check_search,
    "storage": check_storage,
}
# These reach other servers, so they run side by side, each bounded by the timeout.
IN_THREADS = ("broker", "search", "storage")


def _timed(name: str, check: Callable[[float], str], timeout: float) -> CheckResult:
    started = time.monotonic()
    try:
        backend, ok, message = check(timeout), True, "ok"
    except NotReady as error:
        backend, ok, message = name, False, str(error)
    except Exception as error:  # anything else a driver raises is still "not ready"
        backend, ok, message = name, False, f"The {name} check failed: {type(error).__name__}: {error}"
    return CheckResult(name, ok, backend, round((time.monotonic() - started) * 1000, 1), message)


def readiness_checks(timeout: float | None = None) -> list[CheckResult]:
    """Every check's result, in CHECKS order. Never raises; returns within about 2 × timeout."""
    timeout = readiness_timeout() if timeout is None else timeout
    results: dict[str, CheckResult] = {"database": _timed("database", check_database, timeout)}
    pool = ThreadPoolExecutor(max_workers=len(IN_THREADS), thread_name_prefix="readyz")
    futures = {name: pool.submit(_timed, name, CHECKS[name], timeout) for name in IN_THREADS}
    deadline = time.monotonic() + timeout + 1
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=max(deadline - time.monotonic(), 0))
        except FutureTimeout:
            # A client that ignored its own timeout: answer now, leave its thread to finish.
            results[name] = CheckResult(
                name, False, name, round((timeout + 1) * 1000, 1), f"The {name} check did not answer within {timeout + 1:g} s."
            )
    pool.shutdown(wait=False)
    return [results[name] for name in CHECKS]

"""What the harness and the benchmarks share: the throwaway site, progress lines, timing,
goals, the percentile, where the test services are (``.services.env``, through
``pdsite.settings.services_env``) and throwaway PostgreSQL databases on their server.
"""

import math
import os
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from pdsite.settings.services_env import read_services_env


def use_throwaway_site(workdir: Path) -> None:
    """Point this process at an empty embedded default under ``workdir``.

    Call before ``django.setup()``. The settings read these variables once, at
    import. Services are switched off by setting their variables to "" rather
    than removing them, because the test settings fill missing ones in from
    ``.services.env``. The broker is Celery's in-memory one: ``video_create``
    enqueues a transcode on commit, and that job must reach neither Redis nor
    the filesystem queue in ``.cache/broker``, where a ``make run`` worker
    would take it and process a video of the developer's database that happens
    to have the same id.
    """
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{(workdir / 'db.sqlite3').absolute()}",
            "PDSITE_MEDIA_ROOT": str((workdir / "media").absolute()),
            "AWS_STORAGE_BUCKET_NAME": "",
            "PDSITE_SEARCH_URL": "",
            "CELERY_BROKER_URL": "memory://",
        }
    )


def progress(message: str) -> None:
    """Say what is happening, on stderr (stdout's last line is the result)."""
    print(f"[benchmark] {message}", file=sys.stderr, flush=True)


@dataclass
class Timing:
    """What a ``timed()`` block took; filled in when the block ends."""

    wall: float = 0.0  # seconds on the clock
    # user + system seconds of this process and of the child processes it waited
    # for (ffmpeg): unlike wall time, barely moved by other work on the machine.
    cpu: float = 0.0


@contextmanager
def timed() -> Iterator[Timing]:
    """Time the ``with`` block: ``with timed() as timing: ...``, then read ``timing.wall``."""
    timing = Timing()
    wall, cpu = time.perf_counter(), _cpu_seconds()
    try:
        yield timing
    finally:
        timing.wall = time.perf_counter() - wall
        timing.cpu = _cpu_seconds() - cpu


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass(frozen=True)
class Goal:
    """A target for one figure of a result, e.g. ``Goal(">=", 1.4)``."""

    comparison: str  # ">=" or "<="
    limit: float

    def __post_init__(self) -> None:
        if self.comparison not in (">=", "<="):
            raise ValueError(f"comparison must be '>=' or '<=', not {self.comparison!r}")

    def met_by(self, value: float) -> bool:
        return value >= self.limit if self.comparison == ">=" else value <= self.limit

    def __str__(self) -> str:
        return f"{self.comparison} {self.limit:.2f}"


def judge(figures: dict[str, float], goals: dict[str, Goal]) -> dict:
    """Return the ``"goal"`` and ``"ok"`` fields of a result: each goal named, and whether all are met."""
    return {
        "goal": {name: str(goal) for name, goal in goals.items()},
        "ok": all(goal.met_by(figures[name]) for name, goal in goals.items()),
    }


def services_env() -> dict[str, str]:
    """The test services' variables from ``.services.env`` (``make services`` writes it).

    Read from the file, not the environment: by the time a benchmark runs, the harness has
    pointed the environment's DATABASE_URL and PDSITE_SEARCH_URL at the throwaway site.
    """
    return read_services_env()


def postgres_server_url() -> str:
    """The PostgreSQL server benchmarks make their throwaway databases on:
    ``PDSITE_BENCHMARK_DATABASE_URL``, else ``DATABASE_URL`` in ``.services.env``; "" when
    that is not a PostgreSQL URL."""
    url = os.environ.get("PDSITE_BENCHMARK_DATABASE_URL") or services_env().get("DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


def database_name(url: str) -> str:
    """The database a ``postgres://…/NAME`` URL names."""
    return urlsplit(url).path.lstrip("/")


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@contextmanager
def throwaway_postgres(server_url: str, *, name: str, connect_timeout: int = 10) -> Iterator[str]:
    """Create database ``name`` on the PostgreSQL server of ``server_url`` and drop it
    afterwards (even when the benchmark fails); yields its URL.

    Statements run on the server's ``postgres`` database; the name is quoted by the driver
    (``sql.Identifier``), never formatted into the SQL. A database of that name left by an
    earlier, killed run is dropped first. Raises ``psycopg.OperationalError`` when the
    server does not answer.
    """
    admin_url = _with_database(server_url, "postgres")
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))

    def execute(statement: sql.Composable) -> None:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=connect_timeout) as connection:
            connection.execute(statement)

    execute(drop)
    execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server_url, name)
    finally:
        execute(drop)


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` (0–1) percentile of ``values`` by nearest rank (the smallest value
    with at least that fraction of values at or below it); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = math.ceil(fraction * len(ordered) - 1e-9)  # 1-based; the epsilon absorbs float error (0.95 * 200)
    return ordered[min(len(ordered), max(rank, 1)) - 1]

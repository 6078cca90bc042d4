"""A real Celery worker process for the tests that need one, on the test's own database.

One `LiveWorker`, configured by a `WorkerConfig` (which queues, what extra environment, where
the log goes, what services must be up). The `live_worker` fixture in tests/conftest.py runs
it; a test module changes what it runs by overriding the `worker_config` fixture.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from celery.utils.nodenames import host_format
from django.db import connection

from pdsite.celery import app
from tests.support.services import require_service

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
ALL_QUEUES = ("transcode", "transcripts", "default")
BROKER = ("CELERY_BROKER_URL", "The Celery broker (Redis)")
S3 = ("AWS_STORAGE_BUCKET_NAME", "The S3 server")


def production_env() -> dict[str, str]:
    """Environment of a worker that behaves as in production (scripts/run.sh)."""
    return {
        # Tasks the worker queues go through the broker, and retries are real.
        "PDSITE_CELERY_EAGER": "0",
        # Unacknowledged jobs of a killed worker come back after this many seconds.
        "PDSITE_CELERY_VISIBILITY_TIMEOUT": os.environ.get("PDSITE_CELERY_VISIBILITY_TIMEOUT", "10"),
    }


@dataclass(frozen=True)
class WorkerConfig:
    """What differs between the live workers the tests start."""

    queues: tuple[str, ...] = ALL_QUEUES
    env: Mapping[str, str] = field(default_factory=production_env)  # on top of os.environ
    log: Path = ARTIFACTS / "worker.log"  # appended to, so a restarted worker's lines follow
    name: str | None = None  # the worker's node name (celery -n); None: celery's default
    services: tuple[tuple[str, str], ...] = (BROKER, S3)  # (env var, what) each must be set


def database_env() -> dict[str, str]:
    """The worker reaches the database this test is using (the test database, not the dev one)."""
    db = connection.settings_dict
    return {
        "DJANGO_SETTINGS_MODULE": "pdsite.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }


class LiveWorker:
    """The worker process; a test may kill it and `start` another on the same config."""

    def __init__(self, config: WorkerConfig) -> None:
        self.config = config
        self.env = {**os.environ, **database_env(), **config.env}
        self.process: subprocess.Popen | None = None

    @property
    def log(self) -> Path:
        return self.config.log

    def start(self) -> None:
        self.config.log.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "celery", "-A", "pdsite", "worker", "-Q", ",".join(self.config.queues),
                   "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle"]  # fmt: skip
        if self.config.name:
            command += ["-n", self.config.name]
        with self.config.log.open("a") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_it_answers()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def poll(self):
        return self.process.poll() if self.process else None

    def _wait_until_it_answers(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the Celery worker exited with {self.process.returncode}; see {self.config.log}")
            # A named worker must answer itself: another one already running answers too.
            # (Its name as celery expands it: "%h" is this host's name.)
            destination = [host_format(self.config.name)] if self.config.name else None
            if app.control.ping(destination=destination, timeout=0.5):
                return
        pytest.fail(f"the Celery worker did not answer a ping within a minute; see {self.config.log}")


@contextmanager
def running_worker(config: WorkerConfig) -> Iterator[LiveWorker]:
    """Run a worker for the duration of the block; meanwhile tasks leave this process.

    Tasks queued here (or by the live server) are no longer run in-process: they travel
    through the broker to the worker, as in production. Skips (fails under CI=true) when a
    service in `config.services` is not configured.
    """
    for variable, what in config.services:
        require_service(variable, what)
    app.conf.task_always_eager = False
    app.control.purge()
    worker = LiveWorker(config)
    try:
        worker.start()
        yield worker
    finally:
        app.conf.task_always_eager = True
        worker.stop()

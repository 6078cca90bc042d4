"""Fixtures for browser tests: a live server, a live Celery worker, and the node driver."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import IN_CI, require_service

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def browser_ready():
    """Chromium and the npm packages must be there; under CI=true their absence fails."""
    missing = []
    if not Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists():
        missing.append("Chromium (/usr/bin/chromium)")
    if not (ROOT / "node_modules" / "playwright-core").exists():
        missing.append("node_modules (npm ci)")
    if not shutil.which("node"):
        missing.append("node")
    if missing:
        message = f"browser tests need {', '.join(missing)}; run `make setup`."
        pytest.fail(message) if IN_CI else pytest.skip(message)


def start_worker(env: dict[str, str], log_name: str = "worker.log") -> subprocess.Popen:
    """Start a Celery worker consuming every queue, as scripts/run.sh does."""
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / log_name).open("a")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pdsite", "worker", "-Q", "transcode,transcripts,default",
         "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )


@pytest.fixture
def worker_env() -> dict[str, str]:
    """Extra environment for the live worker; override in a test module to change it."""
    return {}


@pytest.fixture
def live_worker(transactional_db, settings, worker_env):
    """A real Celery worker process on the real broker, using this test's database.

    Tasks queued by the live server are no longer run in-process: they travel through Redis
    to the worker, as in production.
    """
    require_service("CELERY_BROKER_URL", "The Celery broker (Redis)")
    require_service("AWS_STORAGE_BUCKET_NAME", "The S3 server")
    from pdsite.celery import app

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pdsite.settings.test",
        "PDSITE_CELERY_EAGER": "0",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        # Unacknowledged jobs of a killed worker come back after this many seconds.
        "PDSITE_CELERY_VISIBILITY_TIMEOUT": os.environ.get("PDSITE_CELERY_VISIBILITY_TIMEOUT", "10"),
        # The test's media settings (e.g. a private S3 server) reach the worker too.
        **worker_env,
    }
    app.conf.task_always_eager = False
    app.control.purge()
    worker = LiveWorker(env)
    try:
        worker.start()
        yield worker
    finally:
        app.conf.task_always_eager = True
        worker.stop()


class LiveWorker:
    """The live worker process; a test may kill it and start another (`restart`)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        from pdsite.celery import app

        self.process = start_worker(self.env)
        _wait_until_worker_answers(app, self.process)

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


def _wait_until_worker_answers(app, worker: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"the Celery worker exited with {worker.returncode}; see test-artifacts/worker.log")
        if app.control.ping(timeout=0.5):
            return
    pytest.fail("the Celery worker did not answer a ping within a minute; see test-artifacts/worker.log")


def run_node(script: str, env: dict[str, str], timeout: int = 420) -> subprocess.CompletedProcess:
    """Run a browser script under node; its output is shown when the test fails."""
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "browser" / script)],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout,
    )
    print(result.stdout)
    print(result.stderr, file=sys.stderr)
    return result

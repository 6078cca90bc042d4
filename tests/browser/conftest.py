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


@pytest.fixture
def live_worker(transactional_db, settings):
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
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    app.conf.task_always_eager = False
    app.control.purge()
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "worker.log").open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "pdsite", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_worker_answers(app, worker)
            yield worker
        finally:
            app.conf.task_always_eager = True
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()


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

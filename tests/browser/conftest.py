"""Fixtures for browser tests: whether Chromium and node are there, and the node driver.

The live Celery worker (`live_worker`) is the suite's one, in tests/conftest.py.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.services import IN_CI
from tests.support.workers import ARTIFACTS, ROOT


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


def run_node(script: str, env: dict[str, str], timeout: int = 420) -> subprocess.CompletedProcess:
    """Run a browser script under node; its output is shown when the test fails."""
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "browser" / script)],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout,
    )
    print(result.stdout)
    print(result.stderr, file=sys.stderr)
    return result

"""Fixtures for browser tests: whether Chromium and node are there, and the node driver.

The live Celery worker (`live_worker`) is the suite's one, in tests/conftest.py.
"""

import os
import shutil
import subprocess
import sys
import time
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


@pytest.fixture(scope="session")
def speech(tmp_path_factory):
    """A private speech-dispatcher (Debian's, with espeak-ng) for Chromium's speech synthesis,
    its sound sent to ALSA's null device: pass the returned environment to `run_node` and the
    browser launched by support.mjs speaks through it. Skips (fails under CI=true) without it."""
    binary = shutil.which("speech-dispatcher")
    if binary is None or not Path("/etc/speech-dispatcher/speechd.conf").exists():
        message = "the audio description test needs speech-dispatcher; run `make setup`."
        pytest.fail(message) if IN_CI else pytest.skip(message)
    home = tmp_path_factory.mktemp("speechd")
    config = home / "config"
    shutil.copytree("/etc/speech-dispatcher", config)
    with open(config / "speechd.conf", "a") as conf:
        conf.write('\nAudioOutputMethod "alsa"\nAudioALSADevice "null"\nDefaultModule espeak-ng\n')
    socket = home / "speechd.sock"
    process = subprocess.Popen(
        [binary, "-s", "-t", "0", "-c", "unix_socket", "-S", str(socket), "-C", str(config), "-L", str(home)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if socket.exists():
                break
            process.poll()
            if process.returncode is not None:
                pytest.fail(f"speech-dispatcher stopped at start ({process.returncode}); see {home}")
            time.sleep(0.05)
        yield {"SPEECHD_ADDRESS": f"unix_socket:{socket}"}
    finally:
        process.terminate()
        process.wait(timeout=10)

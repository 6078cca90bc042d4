"""The real xAPI LRS (ralph-malph) for the xAPI tests.

`lrs_from_services()` is the one `make services` runs (scripts/services.sh writes
PDSITE_TEST_LRS_URL and its credentials into .services.env): missing, a test skips locally
and fails under CI=true. `PrivateLrs` is a ralph of the test's own, on a free port with its
statements in a temporary folder, that the test can stop and start again (an LRS outage).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.support.search_cluster import free_port
from tests.support.services import IN_CI, require_service

LAUNCHER = Path(__file__).resolve().parents[2] / "scripts" / "lrs.py"
HEADERS = {"X-Experience-API-Version": "1.0.3"}


@dataclass
class Lrs:
    endpoint: str  # the xAPI endpoint: <endpoint>/statements
    username: str
    password: str

    def statements(self, *, activity: str | None = None, verb: str | None = None) -> list[dict]:
        """The statements the LRS holds about `activity` (object id) with `verb`, in the order
        it stored them. Filtered here: ralph 5.0's filesystem backend matches no statement when
        asked by activity or verb (and reverses `ascending`), so every page is read in its own
        order, which is the order of arrival."""
        found, url, query = [], f"{self.endpoint}/statements", {"limit": 500}
        while url:
            response = requests.get(url, params=query, auth=(self.username, self.password), headers=HEADERS, timeout=10)
            response.raise_for_status()
            body = response.json()
            found.extend(body["statements"])
            more = body.get("more")
            url, query = (f"{self.endpoint.rsplit('/xAPI', 1)[0]}{more}", None) if more else (None, None)
        return [
            st
            for st in found
            if (activity is None or st["object"].get("id") == activity) and (verb is None or st["verb"]["id"] == verb)
        ]

    def settings_for(self, settings) -> None:
        """Point pdsite's xAPI settings (pytest-django's `settings` fixture) at this LRS."""
        settings.PDSITE_XAPI_ENDPOINT = self.endpoint
        settings.PDSITE_XAPI_USERNAME = self.username
        settings.PDSITE_XAPI_PASSWORD = self.password


def lrs_from_services() -> Lrs:
    require_service("PDSITE_TEST_LRS_URL", "The xAPI LRS (ralph)")
    return Lrs(
        endpoint=os.environ["PDSITE_TEST_LRS_URL"].rstrip("/"),
        username=os.environ.get("PDSITE_TEST_LRS_USERNAME", ""),
        password=os.environ.get("PDSITE_TEST_LRS_PASSWORD", ""),
    )


class PrivateLrs(Lrs):
    """A ralph of one test's own (scripts/lrs.py in a subprocess), started and stopped at will; its
    statements stay in `folder` across restarts, as a real LRS's do."""

    USERNAME, PASSWORD = "pdsite-test", "pdsite-test-lrs"

    def __init__(self, folder: Path) -> None:
        self.folder, self.port, self.process = folder, free_port(), None
        super().__init__(f"http://127.0.0.1:{self.port}/xAPI", self.USERNAME, self.PASSWORD)
        (folder / "data").mkdir(parents=True, exist_ok=True)
        auth = folder / "auth.json"
        auth.write_text("[]")
        ralph = Path(sys.executable).with_name("ralph")
        subprocess.run(
            [str(ralph), "auth", "-u", self.USERNAME, "-p", self.PASSWORD, "-s", "all"]
            + ["-M", "mailto:lrs@pdsite.example.org", "-w"],
            env={**os.environ, "RALPH_AUTH_FILE": str(auth)},
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        env = {
            **os.environ,
            "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
            "RALPH_APP_DIR": str(self.folder),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data"),
        }
        log = open(self.folder / "lrs.log", "ab")  # noqa: SIM115  (the child writes it until stopped)
        self.process = subprocess.Popen(
            [sys.executable, str(LAUNCHER), "--host", "127.0.0.1", "--port", str(self.port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ralph exited while starting: {(self.folder / 'lrs.log').read_text()[-2000:]}")
            try:
                whoami = f"http://127.0.0.1:{self.port}/whoami"
                if requests.get(whoami, auth=(self.username, self.password), timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError("ralph did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def ralph_video_models():
    """ralph's models of the xAPI Video Profile (ralph.models.xapi.video.statements): a missing
    ralph-malph skips locally and fails under CI=true."""
    try:
        from ralph.models.xapi.video import statements
    except ImportError:
        message = "ralph-malph is not installed (requirements-dev.txt); run `make setup`."
        pytest.fail(message) if IN_CI else pytest.skip(message, allow_module_level=True)
    return statements

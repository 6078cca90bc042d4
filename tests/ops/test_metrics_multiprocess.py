"""Under gunicorn (PROMETHEUS_MULTIPROC_DIR set, as docker-compose does for web) a scrape adds up
every worker's counts: two real processes answer requests, a third reads the total."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SERVE = """
import django
django.setup()
from django.test import Client
client = Client()
for _ in range(2):
    assert client.get("/healthz").status_code == 200
"""

SCRAPE = """
import django
django.setup()
from prometheus_client import generate_latest
from pdsite.ops import metrics
print(generate_latest(metrics.process_registry()).decode())
"""


def _run(code: str, folder: Path) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pdsite.settings.test", "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_scrape_adds_up_the_requests_of_every_worker_process(tmp_path):
    _run(SERVE, tmp_path)
    _run(SERVE, tmp_path)
    exposition = _run(SCRAPE, tmp_path)
    line = next(
        line for line in exposition.splitlines()
        if line.startswith("pdsite_http_request_duration_seconds_count{") and 'view="ops:healthz"' in line
    )
    assert float(line.rsplit(" ", 1)[1]) == 4.0

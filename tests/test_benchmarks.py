"""The benchmark harness, run as developers run it: ``python -m benchmarks`` in a subprocess.

Only the shape of the result is checked, never the times: they depend on the machine.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRANSCODE_KEYS = {
    "benchmark",
    "clip_seconds",
    "renditions",
    "ready_seconds",
    "per_rendition_seconds",
    "single_command_seconds",
    "first_playable_seconds",
    "ladder_speedup",
    "overhead",
    "first_playable_ratio",
    "goal",
    "ok",
    "notes",
}


def _embedded_default_environment() -> dict[str, str]:
    """This environment without the test services or pytest's settings module."""
    dropped = {"DATABASE_URL", "PDSITE_SEARCH_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
    return {
        name: value
        for name, value in os.environ.items()
        if name not in dropped and not name.startswith("AWS_")
    }


def _benchmarks(*arguments: str, timeout: float, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *arguments],
        cwd=ROOT,
        env={**_embedded_default_environment(), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_list_names_transcode_when_asked():
    completed = _benchmarks("--list", timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert "transcode" in completed.stdout.split()


def test_large_is_refused_when_the_benchmark_has_no_large_size():
    completed = _benchmarks("reports", "--large", timeout=60)
    assert completed.returncode == 2
    assert "--large is for search only" in completed.stderr


def test_unknown_benchmark_is_refused_when_named():
    completed = _benchmarks("no_such_benchmark", timeout=60)
    assert completed.returncode == 2
    assert "transcode" in completed.stderr


@pytest.mark.slow
def test_transcode_prints_its_result_as_json_on_the_last_line_when_run_quick():
    # The harness, not the figures (checked by hand on a quiet machine): x264's fastest preset,
    # as the other tests transcode, so the five 1080p-ladder encodes take seconds, not a minute.
    completed = _benchmarks("transcode", "--quick", timeout=600, PDSITE_TRANSCODE_PRESET="ultrafast")
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert TRANSCODE_KEYS <= set(result)
    assert result["benchmark"] == "transcode"
    assert result["clip_seconds"] == 4
    assert result["renditions"] == ["240p", "360p", "480p", "720p", "1080p"]
    assert set(result["goal"]) == {"ladder_speedup", "overhead", "first_playable_ratio"}
    assert isinstance(result["ok"], bool)
    assert 0 < result["first_playable_seconds"] <= result["ready_seconds"]


HEARTBEAT_KEYS = {
    "benchmark", "reports", "reports_per_s", "floor_reports_per_s", "floor_ratio", "p95_ms", "errors", "lost_intervals",
    "coverage_mismatches", "goal", "ok",
}

SEARCH_KEYS = {
    "benchmark",
    "segments",
    "queries",
    "backends",
    "opensearch_p95_ms",
    "postgres_p95_ms",
    "sqlite_p95_ms",
    "bare_p95_ms",
    "engine_overhead",
    "wagtail_search_p95_ms",
    "speedup_vs_wagtail_search",
    "goal",
    "ok",
    "notes",
}


@pytest.mark.slow
@pytest.mark.service
def test_heartbeat_keeps_every_second_when_run_quick():
    """Real gunicorn + PostgreSQL (a throwaway database on the services' server)."""
    from tests.conftest import IN_CI, require_service

    require_service("DATABASE_URL", "PostgreSQL")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        message = "the heartbeat benchmark needs PostgreSQL"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    completed = _benchmarks("heartbeat", "--quick", timeout=900)
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert HEARTBEAT_KEYS <= set(result)
    assert result["reports"] > 0
    assert result["errors"] == 0 and result["lost_intervals"] == 0 and result["coverage_mismatches"] == 0


@pytest.mark.slow
def test_search_prints_its_result_as_json_on_the_last_line_when_run_quick():
    completed = _benchmarks("search", "--quick", timeout=1800)
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert SEARCH_KEYS <= set(result)
    assert result["benchmark"] == "search"
    assert result["segments"] == 5_000 and result["queries"] == 200
    assert set(result["goal"]) == {
        "opensearch_p95_ms", "engine_overhead", "speedup_vs_wagtail_search", "postgres_p95_ms", "sqlite_p95_ms",
    }  # fmt: skip
    assert "speedup_vs_scan" not in result
    assert result["backends"]["sqlite"]["p95_ms"] > 0
    for backend in result["backends"].values():
        assert backend.get("available") is False or backend["p95_ms"] >= backend["p50_ms"] > 0
    assert isinstance(result["ok"], bool)

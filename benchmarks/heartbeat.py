"""How many progress reports per second the site takes, and whether it keeps every second
it was told about (issue #7).

The site runs as in production: gunicorn, 2 workers (gthread, 4 threads each), production
settings, persistent database connections, on a throwaway PostgreSQL database created on
the test services' server (``.services.env``'s DATABASE_URL) and dropped afterwards. It holds
200 signed-in teachers and 50 READY videos. Separate load processes on loopback play the
teachers: each watches like a person (plays on, seeks ahead, rewinds, changes speed, opens
another video, and a late beacon sometimes repeats an old report), posting what the player
posts (session cookie, CSRF token, the played ranges) for a bounded time (30 s; 5 s with
``--quick``). Afterwards every stored record is compared with the union of the ranges the
load sent and the server accepted:

- ``lost_intervals``: sent ranges not fully in the stored intervals (must be 0);
- ``coverage_mismatches``: teacher/video pairs whose stored seconds differ from the sent
  union (must be 0; the server may not invent seconds either).

Goal: ``reports_per_s`` >= 1000 and ``floor_ratio`` (``reports_per_s`` / the floor's, measured
by the same load in the same run: benchmarks/_heartbeat_floor.py) >= 0.8, with 0 errors, 0 lost
intervals and 0 mismatches; only 2xx answers count as reports. The CPU
is shared by the site, the load processes and PostgreSQL (and anything else running), so
the figure is for this machine at this moment; ``load_average`` is reported with it.
"""

import json
import multiprocessing
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

from ._heartbeat_load import load
from ._migrated import migrated_postgres
from ._support import Goal, database_name, judge, percentile, postgres_server_url, progress

ROOT = Path(__file__).resolve().parents[1]
TEACHERS, VIDEOS = 200, 50
QUICK_TEACHERS, QUICK_VIDEOS = 40, 10  # --quick only proves the run and its JSON shape
SECONDS, QUICK_SECONDS = 30, 3
# This benchmark makes its own PostgreSQL database: the harness's SQLite one is not migrated.
USES_HARNESS_DATABASE = False
LOAD_PROCESSES = 2
CONNECTIONS_PER_PROCESS = 16
WORKERS = 2
THREADS = int(os.environ.get("PDSITE_BENCHMARK_THREADS", "4"))  # gthread threads per worker
TOLERANCE = 1e-6

FLOOR_TABLE = "benchmark_heartbeat_floor"  # the floor's (benchmarks/_heartbeat_floor.py) only table
# One row per teacher and video, found by a unique index.
FLOOR_SCHEMA = (
    f"CREATE TABLE {FLOOR_TABLE} (id bigserial PRIMARY KEY, user_id bigint NOT NULL, "
    "video_id bigint NOT NULL, reports bigint NOT NULL DEFAULT 0)",
    f"CREATE UNIQUE INDEX {FLOOR_TABLE}_pair ON {FLOOR_TABLE} (user_id, video_id)",
)

GOALS = {
    "reports_per_s": Goal(">=", 1000),  # absolute: does not travel between machines
    "floor_ratio": Goal(">=", 0.8),  # portable: against the floor measured in the same run
    "errors": Goal("<=", 0),
    "lost_intervals": Goal("<=", 0),
    "coverage_mismatches": Goal("<=", 0),
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _site_env(database_url: str, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "pdsite.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_SECURE_COOKIES": "false",  # plain HTTP on loopback
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_DB_CONN_MAX_AGE": "600",
            "DATABASE_URL": database_url,
            "PDSITE_MEDIA_ROOT": str(workdir / "media"),
            "PDSITE_SEARCH_URL": "",
            "AWS_STORAGE_BUCKET_NAME": "",
            "CELERY_BROKER_URL": "memory://",
            "PDSITE_LOG_LEVEL": "WARNING",
            "DJANGO_SESSION_ENGINE": os.environ.get("PDSITE_BENCHMARK_SESSION_ENGINE", "django.contrib.sessions.backends.db"),
        }
    )
    return env


def _site(command: list[str], env: dict[str, str]) -> object:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks._heartbeat_site", *command],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=900,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"benchmarks._heartbeat_site {command[0]} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            # Warm every worker (imports, URL resolver, templates) before the clock starts.
            for _ in range(4 * WORKERS * THREADS):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within a minute")


def _cpu_seconds_of_workers(master: int) -> float:
    """User + system CPU seconds used so far by gunicorn's worker processes (Linux /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def _covered(interval: list[float], stored: list[list[float]]) -> bool:
    start, end = interval
    return any(s - TOLERANCE <= start and end <= e + TOLERANCE for s, e in stored)


def _compare(sent: list[dict], stored: list[dict]) -> tuple[int, int]:
    stored_by_pair = {(r["user"], r["video"]): r for r in stored}
    sent_by_pair = {(s["user"], s["video"]): s["intervals"] for s in sent}
    lost = mismatches = 0
    for pair in set(sent_by_pair) | set(stored_by_pair):
        expected = sent_by_pair.get(pair, [])
        record = stored_by_pair.get(pair, {"intervals": [], "seconds": 0.0})
        lost += sum(1 for interval in expected if not _covered(interval, record["intervals"]))
        if abs(sum(e - s for s, e in expected) - record["seconds"]) > 1e-3:
            mismatches += 1
    return lost, mismatches


def _serve(app: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    """gunicorn serving `app` with the site's settings (workers, threads, keep-alive)."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", app,
            "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
            "--worker-class", "gthread", "--threads", str(THREADS),
            "--keep-alive", "30", "--log-level", "warning",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _drive(server: subprocess.Popen, port: int, site: dict, *, seconds: float, use_tokens: bool) -> tuple[list[dict], float]:
    """Run the load processes against `port` for `seconds`: (their outcomes, worker CPU s)."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    teachers = site["teachers"]
    processes = [
        context.Process(
            target=load,
            args=(
                {
                    "host": "127.0.0.1",
                    "port": port,
                    "path": "/progress/heartbeat/",
                    "session_cookie": site["session_cookie"],
                    "teachers": teachers[i::LOAD_PROCESSES],
                    "videos": site["videos"],
                    "seconds": seconds,
                    "connections": CONNECTIONS_PER_PROCESS,
                    "seed": 1000 + i,
                    "tokens": use_tokens,
                },
                results,
            ),
        )
        for i in range(LOAD_PROCESSES)
    ]
    cpu_before = _cpu_seconds_of_workers(server.pid)
    for process in processes:
        process.start()
    try:
        outcomes = [results.get(timeout=seconds + 120) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join()
    return outcomes, _cpu_seconds_of_workers(server.pid) - cpu_before


def _make_floor_table(database_url: str, site: dict) -> None:
    """The floor's table, with a row for every teacher and video the load can report on."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        for statement in FLOOR_SCHEMA:
            connection.execute(statement)
        connection.execute(
            f"INSERT INTO {FLOOR_TABLE} (user_id, video_id) "
            "SELECT u, v FROM unnest(%s::bigint[]) u CROSS JOIN unnest(%s::bigint[]) v",
            [[t["id"] for t in site["teachers"]], [v["id"] for v in site["videos"]]],
        )


def _rate(outcomes: list[dict]) -> float:
    wall = max(outcome["seconds"] for outcome in outcomes)
    return round(sum(outcome["reports"] for outcome in outcomes) / wall, 1) if wall else 0.0


def run(quick: bool) -> dict:
    seconds = QUICK_SECONDS if quick else SECONDS
    teachers, videos = (QUICK_TEACHERS, QUICK_VIDEOS) if quick else (TEACHERS, VIDEOS)
    # PDSITE_BENCHMARK_HEARTBEAT_TOKENS=0 measures the session + CSRF path instead.
    use_tokens = os.environ.get("PDSITE_BENCHMARK_HEARTBEAT_TOKENS", "1") != "0"
    server_url = postgres_server_url()
    if not server_url:
        raise RuntimeError("The heartbeat benchmark needs PostgreSQL: set DATABASE_URL in .services.env (make services).")
    name = f"{database_name(server_url)}_heartbeat_bench_{os.getpid()}"
    workdir = Path(os.environ.get("PDSITE_MEDIA_ROOT", "/tmp")).parent
    with migrated_postgres(server_url, name=name) as database_url:
        env = _site_env(database_url, workdir)
        progress(f"migrating {name} and creating {teachers} signed-in teachers and {videos} videos")
        site = _site(["setup", str(teachers), str(videos)], env)
        _make_floor_table(database_url, site)
        port, floor_port = _free_port(), _free_port()
        progress(f"starting gunicorn ({WORKERS} workers x {THREADS} threads): site on {port}, floor on {floor_port}")
        server = _serve("pdsite.wsgi:application", port, env)
        floor = _serve("benchmarks._heartbeat_floor:application", floor_port, env)
        try:
            _wait_until_up(port, server)
            _wait_until_up(floor_port, floor)
            # The floor first, then the site, one at a time: each has the machine to itself.
            progress(f"floor: {LOAD_PROCESSES} load processes for {seconds} s")
            floor_outcomes, floor_cpu = _drive(floor, floor_port, site, seconds=seconds, use_tokens=use_tokens)
            _stop(floor)
            progress(f"site: {LOAD_PROCESSES} load processes for {seconds} s")
            outcomes, server_cpu = _drive(server, port, site, seconds=seconds, use_tokens=use_tokens)
        finally:
            _stop(floor)
            _stop(server)
        progress("comparing every stored record with what was sent")
        stored = _site(["dump"], env)

    sent = [pair for outcome in outcomes for pair in outcome["sent"]]
    latencies = [ms for outcome in outcomes for ms in outcome["latencies_ms"]]
    errors = [error for outcome in outcomes for error in outcome["errors"]]
    floor_errors = [error for outcome in floor_outcomes for error in outcome["errors"]]
    reports = sum(outcome["reports"] for outcome in outcomes)
    floor_reports = sum(outcome["reports"] for outcome in floor_outcomes)
    wall = max(outcome["seconds"] for outcome in outcomes)
    lost, mismatches = _compare(sent, stored)
    floor_rate = _rate(floor_outcomes)
    figures = {
        "reports_per_s": _rate(outcomes),
        "floor_ratio": round(_rate(outcomes) / floor_rate, 3) if floor_rate else 0.0,
        "errors": len(errors) + len(floor_errors),
        "lost_intervals": lost,
        "coverage_mismatches": mismatches,
    }
    return {
        "benchmark": "heartbeat",
        "teachers": teachers,
        "videos": videos,
        "seconds": round(wall, 1),
        "reports": reports,
        **figures,
        "floor_reports_per_s": floor_rate,
        "floor_p95_ms": round(percentile([ms for o in floor_outcomes for ms in o["latencies_ms"]], 0.95), 2),
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        # Load-independent: what one report costs the site's workers (not PostgreSQL), and the
        # rate that cost would allow if the site had every core to itself.
        "server_cpu_ms_per_report": round(1000 * server_cpu / reports, 2) if reports else None,
        "floor_server_cpu_ms_per_report": round(1000 * floor_cpu / floor_reports, 2) if floor_reports else None,
        # The load processes share the same cores: what they spend per report is not the site's.
        "load_cpu_ms_per_report": round(1000 * sum(o.get("cpu_seconds", 0.0) for o in outcomes) / reports, 2) if reports else None,
        "projected_reports_per_s_all_cores": round((os.cpu_count() or 1) * reports / server_cpu, 1) if server_cpu else None,
        "pairs_checked": len({(p["user"], p["video"]) for p in sent}),
        "error_samples": sorted(set(errors + floor_errors))[:5],
        "server": f"gunicorn {WORKERS} workers x {THREADS} gthread threads, PostgreSQL, production settings",
        "floor": "bare Django view, no middleware, one indexed UPDATE per POST, same gunicorn and PostgreSQL",
        "auth": "signed heartbeat token" if use_tokens else "session + CSRF",
        "load_processes": LOAD_PROCESSES,
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2),
        **judge(figures, GOALS),
    }

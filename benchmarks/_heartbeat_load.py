"""The load side of the heartbeat benchmark: one process (several run side by side) that
plays teachers watching videos and posts what a real player would, over keep-alive HTTP/1.1
on loopback, for a bounded time.

Each teacher watches one video at a time like a person: plays on for 2–10 s between reports,
sometimes seeks ahead, rewinds to rewatch, switches speed (more seconds per report), opens
another video (a new page: `played` starts empty), or a delayed beacon repeats an older
report. Every report carries the session cookie, the CSRF token and the clip page's signed heartbeat
token, as the player's would (``tokens: False`` leaves the token out: the session + CSRF path).
Like a real player, no teacher plays faster than the top rate (2×) of the wall time between
their reports (the first report of a video carries at most 10 s, under the server's one
slack), so an honest server must store the union of everything sent: that union is returned
for checking.

Run by heartbeat.py through multiprocessing; ``load(config) -> dict``.
"""

import asyncio
import json
import random
import time
from urllib.parse import urlencode

MAX_NEW_SECONDS_PER_REPORT = 10.0  # below the server's one slack (12 s), so nothing is capped
MAX_RATE = 2.0  # the top playback rate: no more video than this × the wall time between reports


class Http:
    """A minimal keep-alive HTTP/1.1 client (the load must cost less CPU than the site)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, method: str, path: str, *, headers: dict, body: bytes = b"") -> tuple[int, dict, bytes]:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
            head += [f"{k}: {v}" for k, v in headers.items()]
            try:
                self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
                await self.writer.drain()
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionError("closed")
                status = int(status_line.split()[1])
                response_headers: dict[str, list[str]] = {}
                while True:
                    line = (await self.reader.readline()).decode("latin-1").rstrip("\r\n")
                    if not line:
                        break
                    name, _, value = line.partition(":")
                    response_headers.setdefault(name.strip().lower(), []).append(value.strip())
                length = int(response_headers.get("content-length", ["0"])[0])
                payload = await self.reader.readexactly(length) if length else b""
                if "close" in ",".join(response_headers.get("connection", [])).lower():
                    self.close()
                return status, response_headers, payload
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _union(ranges: list[list[float]]) -> list[list[float]]:
    merged: list[list[float]] = []
    for start, end in sorted(ranges):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


class Viewer:
    """One teacher's player: the video open now and the ranges played since it was opened."""

    def __init__(self, teacher: dict, videos: list[dict], rng: random.Random):
        self.teacher, self.videos, self.rng = teacher, videos, rng
        self.sent: dict[int, list[list[float]]] = {}  # video id -> everything reported
        self.history: list[str] = []
        self.last_report_at: float | None = None  # time.monotonic() of this teacher's last report
        self.open_video()

    def open_video(self) -> None:
        self.video = self.rng.choice(self.videos)
        self.played: list[list[float]] = []
        self.position = 0.0
        self.segment = None  # the range being extended, in self.played
        self.rate = 1.0
        self.history = []

    def next_report(self) -> dict:
        duration = self.video["duration"]
        roll = self.rng.random()
        if roll < 0.03 and self.history:
            return json.loads(self.rng.choice(self.history))  # a delayed beacon arrives late
        if roll < 0.08 or self.position >= duration:
            self.open_video()
            duration = self.video["duration"]
        elif roll < 0.14:  # seek ahead
            self.position = min(self.rng.uniform(self.position, duration), duration - 1)
            self.segment = None
        elif roll < 0.22:  # rewind to rewatch
            self.position = self.rng.uniform(0, self.position)
            self.segment = None
        elif roll < 0.27:
            self.rate = self.rng.choice([0.5, 1.0, 1.5, 2.0])
        now = time.monotonic()
        played_for = MAX_NEW_SECONDS_PER_REPORT if self.last_report_at is None else (now - self.last_report_at) * MAX_RATE
        self.last_report_at = now
        step = min(self.rng.uniform(2, 5) * self.rate, MAX_NEW_SECONDS_PER_REPORT, played_for)
        end = round(min(self.position + step, duration), 3)
        start = round(self.position, 3)
        if self.segment is None:
            self.segment = [start, end]
            self.played.append(self.segment)
        else:
            self.segment[1] = end
        self.position = end
        self.played = _union(self.played)
        self.segment = next(r for r in self.played if r[0] <= end <= r[1])
        report = {"video": self.video["id"], "ranges": [list(r) for r in self.played], "position": end}
        self.history = (self.history + [json.dumps(report)])[-5:]
        return report

    def record(self, report: dict) -> None:
        sent = self.sent.setdefault(report["video"], [])
        sent.extend(report["ranges"])
        self.sent[report["video"]] = _union(sent)


async def _run(config: dict) -> dict:
    rng = random.Random(config["seed"])
    host, port, path = config["host"], config["port"], config["path"]
    viewers = [Viewer(t, config["videos"], rng) for t in config["teachers"]]
    latencies: list[float] = []
    errors: list[str] = []
    reports = 0
    cookie_name = config["session_cookie"]
    use_tokens = config.get("tokens", True)

    tokens: dict[int, str] = {}

    async def sign_in(http: Http, mine: list[Viewer]) -> None:
        for viewer in mine:  # the CSRF cookie, as a browser gets it from the page
            status, headers, _ = await http.request(
                "GET", "/accounts/login/", headers={"Cookie": f"{cookie_name}={viewer.teacher['session']}"}
            )
            cookie = next((c for c in headers.get("set-cookie", []) if c.startswith("csrftoken=")), "")
            tokens[viewer.teacher["id"]] = cookie.split(";")[0].split("=", 1)[1] if cookie else ""
            if status != 200 or not cookie:
                errors.append(f"login page {status}")

    async def connection_worker(http: Http, mine: list[Viewer], deadline: float) -> None:
        nonlocal reports
        while time.monotonic() < deadline:
            for viewer in mine:
                if time.monotonic() >= deadline:
                    break
                report = viewer.next_report()
                token = tokens[viewer.teacher["id"]]
                fields = {
                    "csrfmiddlewaretoken": token,
                    "user": viewer.teacher["id"],  # the player's own id (the floor's row key)
                    "video": report["video"],
                    "ranges": json.dumps(report["ranges"]),
                    "position": report["position"],
                }
                if use_tokens:  # as player.js sends it when the page gave one
                    fields["token"] = viewer.teacher["tokens"][str(report["video"])]
                body = urlencode(fields).encode()
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"{cookie_name}={viewer.teacher['session']}; csrftoken={token}",
                    "Origin": f"http://{host}:{port}",
                    "Referer": f"http://{host}:{port}/",
                }
                began = time.perf_counter()
                try:
                    status, _, payload = await http.request("POST", path, headers=headers, body=body)
                except Exception as error:  # noqa: BLE001 - counted and reported
                    errors.append(f"{type(error).__name__}: {error}")
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                if 200 <= status < 300:  # only an accepted report counts
                    reports += 1
                    viewer.record(report)
                else:
                    errors.append(f"HTTP {status}: {payload[:200]!r}")
        http.close()

    groups = [viewers[i :: config["connections"]] for i in range(config["connections"])]
    groups = [group for group in groups if group]
    connections = [Http(host, port) for _ in groups]
    await asyncio.gather(*(sign_in(http, group) for http, group in zip(connections, groups)))
    # The clock starts once every teacher has its page (and CSRF cookie), as in a browser.
    started = time.monotonic()
    cpu_started = time.process_time()
    deadline = started + config["seconds"]
    await asyncio.gather(*(connection_worker(http, group, deadline) for http, group in zip(connections, groups)))
    elapsed = time.monotonic() - started
    cpu = time.process_time() - cpu_started
    return {
        "reports": reports,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "latencies_ms": latencies,
        "errors": errors,
        "sent": [
            {"user": v.teacher["id"], "video": video_id, "intervals": ranges}
            for v in viewers
            for video_id, ranges in v.sent.items()
        ],
    }


def load(config: dict, results) -> None:
    """Entry point for a load process: put the result dict on the `results` queue."""
    results.put(asyncio.run(_run(config)))

"""A real worker on the real broker: killed mid-transcode (alone, and beside a second worker
that takes the job over), and S3 going away mid-transcode."""

import os
import re
import signal
import socket
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pdsite.videos import services
from pdsite.videos.models import Rendition, Video
from pdsite.videos.pipeline.samples import make_silent_clip
from tests.support.services import IN_CI, require_service
from tests.support.workers import ARTIFACTS, WorkerConfig, production_env, running_worker

pytestmark = [pytest.mark.service, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {"audio", "240p", "360p"}


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory) -> Path:
    """Long enough that the worker is still encoding when the test strikes."""
    return make_silent_clip(tmp_path_factory.mktemp("clips") / "long.mp4", seconds=40, width=640, height=360)


def _upload(clip: Path) -> Video:
    return services.video_create(title="Workshop", source=ContentFile(clip.read_bytes(), name="workshop.mp4"))


def _wait_for(video: Video, statuses: set[str], timeout: float) -> Video:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        video.refresh_from_db()
        if video.status in statuses:
            return video
        time.sleep(0.2)
    pytest.fail(f"video stayed {video.status} ({video.failure_reason}); see test-artifacts/worker.log")


def _stored(prefix: str) -> set[str]:
    try:
        folders, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return set()
    names = {f"{prefix}/{name}" for name in files}
    for folder in folders:
        names |= _stored(f"{prefix}/{folder}")
    return names


def _expected_files(video: Video) -> set[str]:
    """Exactly what the READY video's playlists, poster and sprite name: anything else is an orphan."""
    names = {video.master_playlist, video.poster, video.sprite, video.thumbnails}
    for rendition in video.renditions.all():
        names.add(rendition.playlist)
        folder = rendition.playlist.rsplit("/", 1)[0]
        with default_storage.open(rendition.playlist, "r") as handle:
            text = handle.read()
        text = text.decode() if isinstance(text, bytes) else text
        names |= {f"{folder}/{line}" for line in text.splitlines() if line and not line.startswith("#")}
    return names


def _kill_tree(pid: int) -> None:
    """SIGKILL a process and its children (the worker and its ffmpeg), as a lost machine would."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    os.kill(pid, signal.SIGKILL)
    for child in children:
        try:
            os.kill(int(child), signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_job_is_delivered_again_and_finishes_ready_once_when_worker_is_killed_mid_transcode(live_worker, long_clip):
    video = _upload(long_clip)
    _wait_for(video, {Video.Status.TRANSCODING, Video.Status.PLAYABLE}, timeout=120)
    time.sleep(1.0)  # well inside ffmpeg
    _kill_tree(live_worker.process.pid)
    live_worker.process.wait()
    video.refresh_from_db()
    assert video.status in (Video.Status.TRANSCODING, Video.Status.PLAYABLE), "killed before it finished"

    live_worker.start()  # the unacknowledged message comes back after the visibility timeout

    video = _wait_for(video, {Video.Status.READY, Video.Status.FAILED}, timeout=300)
    assert video.status == Video.Status.READY, video.failure_reason
    assert set(Rendition.objects.filter(video=video).values_list("profile", flat=True)) == EXPECTED
    assert Rendition.objects.filter(video=video).count() == len(EXPECTED)
    assert _stored(video.output_prefix) == _expected_files(video), "no orphan or missing files"
    assert default_storage.exists(video.source.name)


# --- two workers, as two machines: one lost mid-job, the other finishes it ------------------


@pytest.fixture(scope="module")
def short_clip(tmp_path_factory) -> Path:
    """As short as lets the test strike mid-job: it kills the worker as soon as the job starts."""
    return make_silent_clip(tmp_path_factory.mktemp("clips") / "short.mp4", seconds=8, width=640, height=360)


@pytest.fixture
def two_transcode_workers(transactional_db):
    """Two workers on the `transcode` queue, each with its own node name and log.

    A job comes back 20 s after it was handed out (longer than this clip's transcode, so the
    survivor's own run is never handed out twice), and each worker looks for such jobs every second.
    """
    env = {**production_env(), "PDSITE_CELERY_VISIBILITY_TIMEOUT": "20", "PDSITE_CELERY_RESTORE_SECONDS": "1"}
    with ExitStack() as stack:
        yield [
            stack.enter_context(running_worker(WorkerConfig(
                queues=("transcode",), name=f"transcode-{letter}-{os.getpid()}@localhost",
                log=ARTIFACTS / f"worker-transcode-{letter}.log", env=env,
            )))
            for letter in "ab"
        ]  # fmt: skip


def _received(worker, since: dict) -> bool:
    """Whether `worker` took a transcode job after its log was `since[worker]` bytes long."""
    with worker.log.open("rb") as log:
        log.seek(since[worker])
        return re.search(rb"video_transcode_task\[[^\]]+\] received", log.read()) is not None


def test_other_worker_finishes_the_job_once_when_a_worker_is_killed_mid_transcode(two_transcode_workers, short_clip):
    since = {worker: worker.log.stat().st_size for worker in two_transcode_workers}
    video = _upload(short_clip)
    _wait_for(video, {Video.Status.TRANSCODING, Video.Status.PLAYABLE}, timeout=60)
    (busy,) = [worker for worker in two_transcode_workers if _received(worker, since)]
    (other,) = [worker for worker in two_transcode_workers if worker is not busy]
    _kill_tree(busy.process.pid)
    busy.process.wait()
    video.refresh_from_db()
    assert video.status in (Video.Status.TRANSCODING, Video.Status.PLAYABLE), "killed before it finished"

    # No restart: the job's message comes back after the visibility timeout, to the other worker.
    video = _wait_for(video, {Video.Status.READY, Video.Status.FAILED}, timeout=120)
    assert video.status == Video.Status.READY, video.failure_reason
    assert _received(other, since) and other.poll() is None
    assert set(Rendition.objects.filter(video=video).values_list("profile", flat=True)) == EXPECTED
    assert Rendition.objects.filter(video=video).count() == len(EXPECTED), "one set of renditions"
    assert _stored(video.output_prefix) == _expected_files(video), "no orphan or missing files"


# --- S3 going away: a private s3proxy, never the shared one ------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateS3:
    def __init__(self, workdir: Path) -> None:
        self.port = _free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None
        self.key, self.secret = os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]
        self.bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
        (workdir / "data" / self.bucket).mkdir(parents=True)
        (workdir / "s3proxy.conf").write_text(
            f"s3proxy.endpoint=http://127.0.0.1:{self.port}\n"
            "s3proxy.authorization=aws-v2-or-v4\n"
            f"s3proxy.identity={self.key}\ns3proxy.credential={self.secret}\n"
            "s3proxy.ignore-unknown-headers=true\n"
            "jclouds.provider=filesystem\n"
            f"jclouds.identity={self.key}\njclouds.credential={self.secret}\n"
            f"jclouds.filesystem.basedir={workdir / 'data'}\n"
        )
        (workdir / "logback.xml").write_text(
            '<configuration><appender name="F" class="ch.qos.logback.core.ConsoleAppender"><encoder>'
            "<pattern>%msg%n</pattern></encoder></appender><root level=\"WARN\"><appender-ref ref=\"F\"/></root>"
            "</configuration>"
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = (self.workdir / "s3proxy.log").open("a")
        self.process = subprocess.Popen(
            ["java", "-Xmx256m", f"-Dlogback.configurationFile={self.workdir / 'logback.xml'}",
             "-cp", str(ROOT / ".cache" / "s3proxy" / "lib" / "*"), "org.gaul.s3proxy.Main",
             "--properties", str(self.workdir / "s3proxy.conf")],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.3)
        pytest.fail("the private s3proxy did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def private_s3(tmp_path, settings):
    require_service("AWS_STORAGE_BUCKET_NAME", "The S3 server")
    if not (ROOT / ".cache" / "s3proxy" / "lib").is_dir():
        message = "no s3proxy jars in .cache/s3proxy/lib; run `make setup`"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    server = PrivateS3(tmp_path / "s3")
    server.start()
    working = settings.STORAGES
    options = dict(working["default"]["OPTIONS"], endpoint_url=server.url)
    settings.STORAGES = {**working, "default": {**working["default"], "OPTIONS": options}}
    yield server
    server.stop()


@pytest.fixture
def worker_config(request):
    """The S3 test's worker talks to the private s3proxy; the kill test's to the shared one, and
    looks for unacknowledged jobs every second (not every 100 s): the killed job comes back 45 s
    after it was handed out, longer than its second run takes, so that run is never handed out
    again."""
    if "private_s3" not in request.fixturenames:
        return WorkerConfig(env={
            **production_env(), "PDSITE_CELERY_VISIBILITY_TIMEOUT": "45", "PDSITE_CELERY_RESTORE_SECONDS": "1",
        })
    server = request.getfixturevalue("private_s3")
    # Long enough that the retry's delayed message is not handed out twice meanwhile.
    env = {**production_env(), "AWS_S3_ENDPOINT_URL": server.url, "PDSITE_CELERY_VISIBILITY_TIMEOUT": "120"}
    return WorkerConfig(env=env)


def test_transcode_retries_and_succeeds_once_storage_is_back_when_s3_stops_mid_transcode(
    private_s3, live_worker, long_clip
):
    video = _upload(long_clip)
    source_name = video.source.name
    _wait_for(video, {Video.Status.TRANSCODING, Video.Status.PLAYABLE}, timeout=120)
    time.sleep(1.0)
    private_s3.stop()
    time.sleep(8)  # the job fails to store, and is retried with backoff
    video.refresh_from_db()
    assert video.status != Video.Status.READY
    private_s3.start()

    video = _wait_for(video, {Video.Status.READY, Video.Status.FAILED}, timeout=300)
    assert video.status == Video.Status.READY, video.failure_reason
    assert default_storage.exists(source_name), "the source was never lost"
    assert _stored(video.output_prefix) == _expected_files(video)
    log = (ROOT / "test-artifacts" / "worker.log").read_text()
    assert "Retry in" in log

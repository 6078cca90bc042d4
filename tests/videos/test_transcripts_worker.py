"""A draft transcript travels the real way: status change -> commit -> Redis -> a worker
listening only on the `transcripts` queue -> Whisper -> a draft in the database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files import File
from django.db import connection, transaction

from pdsite.videos import services
from pdsite.videos.models import Transcript, Video
from tests.conftest import require_service
from tests.factories.videos import VideoFactory

pytestmark = [pytest.mark.service, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
WHISPER = "pdsite.videos.asr.whisper.FasterWhisperEngine"


@pytest.fixture
def transcripts_worker(transactional_db, settings, tmp_path):
    """A Celery worker that consumes only the `transcripts` queue, on this test's database."""
    require_service("CELERY_BROKER_URL", "The Celery broker (Redis)")
    from pdsite.celery import app

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pdsite.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PDSITE_TEST_ASR_ENGINE": WHISPER,
        "PDSITE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    app.conf.task_always_eager = False
    app.control.purge()
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pdsite", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "-Q", "transcripts", "-n", f"transcripts-test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, "the worker did not answer within a minute"
        yield tmp_path / "worker.log"
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


# serialized_rollback: the next transactional test (e.g. a browser test) finds the migrated
# rows (home page, groups) again, as the other live-worker tests leave them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_video_becoming_playable_gets_a_draft_from_the_transcripts_worker(transcripts_worker, settings, sample_clip):
    settings.PDSITE_ASR_ENGINE = WHISPER
    path, _ = sample_clip
    with open(path, "rb") as handle:
        video = VideoFactory(status=Video.Status.TRANSCODING, source=File(handle, name="spoken.mp4"))
    with transaction.atomic():
        services.video_transition(video=video, to=Video.Status.PLAYABLE)
    deadline = time.monotonic() + 120
    while not Transcript.objects.filter(video=video).exists():
        assert time.monotonic() < deadline, transcripts_worker.read_text()[-3000:]
        time.sleep(0.5)
    transcript = Transcript.objects.get(video=video)
    assert transcript.status == Transcript.Status.DRAFT and transcript.source == Transcript.Source.ASR
    assert transcript.segments.exists()
    assert "transcript_draft_task" in transcripts_worker.read_text()

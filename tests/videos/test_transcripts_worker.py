"""A draft transcript travels the real way: status change -> commit -> Redis -> a worker
listening only on the `transcripts` queue -> Whisper -> a draft in the database."""

import os
import time

import pytest
from django.core.files import File
from django.db import transaction

from pdsite.videos import services
from pdsite.videos.models import Transcript, Video
from tests.factories.videos import VideoFactory
from tests.support.workers import BROKER, WorkerConfig

pytestmark = [pytest.mark.service, pytest.mark.slow]

WHISPER = "pdsite.videos.asr.whisper.FasterWhisperEngine"


@pytest.fixture
def worker_config(settings, tmp_path):
    """A worker that consumes only the `transcripts` queue, with the real Whisper engine."""
    return WorkerConfig(
        queues=("transcripts",),
        env={"PDSITE_TEST_ASR_ENGINE": WHISPER, "PDSITE_MEDIA_ROOT": str(settings.MEDIA_ROOT)},
        log=tmp_path / "worker.log",
        name=f"transcripts-test-{os.getpid()}@%h",
        services=(BROKER,),
    )


# serialized_rollback: the next transactional test (e.g. a browser test) finds the migrated
# rows (home page, groups) again, as the other live-worker tests leave them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_video_becoming_playable_gets_a_draft_from_the_transcripts_worker(live_worker, settings, sample_clip):
    settings.PDSITE_ASR_ENGINE = WHISPER
    path, _ = sample_clip
    with open(path, "rb") as handle:
        video = VideoFactory(status=Video.Status.TRANSCODING, source=File(handle, name="spoken.mp4"))
    with transaction.atomic():
        services.video_transition(video=video, to=Video.Status.PLAYABLE)
    deadline = time.monotonic() + 120
    while not Transcript.objects.filter(video=video).exists():
        assert time.monotonic() < deadline, live_worker.log.read_text()[-3000:]
        time.sleep(0.5)
    transcript = Transcript.objects.get(video=video)
    assert transcript.status == Transcript.Status.DRAFT and transcript.source == Transcript.Source.ASR
    assert transcript.segments.exists()
    assert "transcript_draft_task" in live_worker.log.read_text()

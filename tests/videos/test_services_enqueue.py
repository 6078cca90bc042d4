"""Every way a video arrives queues its processing through `video_processing_enqueue`: one
message with the video's job key, its priority and time limits; and that message, delivered
again once the video is READY, changes nothing (the real task body, twice)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from pdsite.celery import app
from pdsite.videos import services
from pdsite.videos.jobs import VIDEO_TRANSCODE_TASK
from pdsite.videos.models import Rendition, Video
from pdsite.videos.pipeline.samples import make_silent_clip
from pdsite.videos.selectors import PRIORITY_NORMAL
from pdsite.videos.signals import video_status_changed
from tests.support.broker import sent_to_broker
from tests.videos.upload_support import UploadApi, body, local_storage  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.service]


@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory) -> Path:
    return make_silent_clip(tmp_path_factory.mktemp("clips") / "tiny.mp4", seconds=2, width=320, height=180)


def _plain_form(client, clip: Path) -> None:
    response = client.post(
        reverse("video_library:add"), {"title": "Plain", "source": SimpleUploadedFile("plain.mp4", clip.read_bytes())}
    )
    assert response.status_code == 302, response.content


def _resumable(client, clip: Path) -> None:
    api, data = UploadApi(client), clip.read_bytes()
    upload = body(api.start("resumable.mp4", len(data)))
    offset = 0
    while offset < len(data):
        offset = body(api.chunk(upload["id"], data[offset : offset + 65536], offset, len(data)))["offset"]
    assert api.complete(upload["id"], title="Resumable").status_code == 201


def _retranscode_command(client, clip: Path) -> None:
    with open(clip, "rb") as handle:
        video = Video(title="Command")
        video.source.save("command.mp4", handle, save=False)
    video.save()  # a row with a source, as an earlier upload left it
    call_command("retranscode_videos", str(video.pk), stdout=StringIO())


def _stored(video: Video) -> dict[str, int]:
    """Every stored output file of `video` with its size."""

    def walk(prefix):
        try:
            folders, files = default_storage.listdir(prefix)
        except FileNotFoundError:
            return {}
        found = {f"{prefix}/{f}": default_storage.size(f"{prefix}/{f}") for f in files}
        for folder in folders:
            found.update(walk(f"{prefix}/{folder}"))
        return found

    return walk(video.output_prefix)


def _snapshot(video: Video) -> tuple:
    video.refresh_from_db()
    rows = list(Rendition.objects.filter(video=video).order_by("pk").values())
    return video.status, video.updated_at, video.transcode_job, rows, _stored(video)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [_plain_form, _resumable, _retranscode_command], ids=lambda p: p.__name__.strip("_"))
def test_redelivered_job_changes_nothing_when_the_video_is_already_ready(
    path, sign_in, pd_lead, tiny_clip, local_storage, django_capture_on_commit_callbacks
):
    client = sign_in(pd_lead)
    with sent_to_broker() as broker:
        with django_capture_on_commit_callbacks(execute=True):
            path(client, tiny_clip)
        sent = broker.take("transcode")

    # One message per video, on the transcode queue, carrying the video's job key.
    assert [message.name for message in sent] == [VIDEO_TRANSCODE_TASK]
    message = sent[0]
    video = Video.objects.get(pk=message.args[0])
    assert message.args == [video.pk, str(video.transcode_job)]
    assert message.priority == PRIORITY_NORMAL
    assert message.time_limits == services.transcode_time_limits(video)

    task = app.tasks[VIDEO_TRANSCODE_TASK]
    task.apply(args=message.args).get()  # the real task body, as a worker runs it
    before = _snapshot(video)
    assert before[0] == Video.Status.READY, video.failure_reason
    assert before[3] and before[4]

    changes = []
    video_status_changed.connect(receiver := lambda sender, video, **kw: changes.append(video.status))
    try:
        task.apply(args=message.args).get()  # the same message, delivered again
    finally:
        video_status_changed.disconnect(receiver)
    assert changes == []
    assert _snapshot(video) == before

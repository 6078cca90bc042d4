"""Deleting a recording is complete (STYLE §10): after the owner deletes it, or the retention
task does, storage (S3 and local disk) holds no file of it, the search engine no entry, and the
database no row: video, renditions, transcript and cues, search moments, comments, replies,
mentions, shares, views, upload rows, notifications."""

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from pdsite.departments.models import Notification
from pdsite.feedback import services as feedback
from pdsite.feedback.models import Comment, Mention
from pdsite.lessons.models import Recording, RecordingPurge, RecordingView, Share
from pdsite.lessons.services import (
    RecordingRefused,
    recording_delete,
    recording_set_cycle_end,
    recording_view_record,
    share_create,
)
from pdsite.search import engine
from pdsite.search.models import SearchMoment
from pdsite.videos.models import Rendition, Transcript, TranscriptSegment, UploadSession, Video
from tests.lessons.conftest import days
from tests.videos.upload_support import local_storage  # noqa: F401

pytestmark = pytest.mark.slow


def s3_keys(prefix: str) -> list[str]:
    client = default_storage.connection.meta.client
    found = client.list_objects_v2(Bucket=default_storage.bucket_name, Prefix=prefix).get("Contents", [])
    return [item["Key"] for item in found]


def stored_files(video_pk: int, source: str) -> list[str]:
    """Every stored file of the video: under its output prefix and its source's folder."""
    folder = source.rsplit("/", 1)[0]
    if hasattr(default_storage, "bucket_name"):
        return s3_keys(f"videos/{video_pk}/") + s3_keys(f"{folder}/")
    root = Path(settings.MEDIA_ROOT)
    return [str(p) for p in root.rglob("*") if p.is_file()]


def engine_entries(video_pk: int) -> int | None:
    config = engine.engine_config()
    if config is None:
        return None
    engine.refresh(config)
    answer = engine.client(config).count(index=config.alias, body={"query": {"term": {"video_id": video_pk}}})
    return answer["count"]


@pytest.fixture(params=["s3", "local"])
def recorded(request, ls):
    """A real transcoded, captioned recording of ect's (S3 when configured, or local disk),
    shared as a clip with mentor to comment, with comments, a reply, a mention, a view."""
    if request.param == "local":
        request.getfixturevalue("local_storage")
    elif not settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
        pytest.skip("S3 is not configured")
    video = request.getfixturevalue("ready_video")
    Video.objects.filter(pk=video.pk).update(private=True)
    video.refresh_from_db()
    now = timezone.now()
    recording = Recording.objects.create(
        video=video, owner=ls.people.ect, department=ls.maths, title="Y7 bar models", year_group=7,
        recorded_on=now.date(), consent_statement="Parents are informed.", consent_confirmed_at=now,
        delete_after=now.date() + datetime.timedelta(days=30),
    )
    UploadSession.objects.create(
        user=ls.people.ect, filename="sample.mp4", size=10, part_size=10, backend="local",
        storage_name=video.source.name, status=UploadSession.Status.COMPLETE, video=video,
    )
    share = share_create(recording=recording, by=ls.people.ect, audience_kind="user", audience_id=ls.people.mentor.pk,
                         permission=Share.Permission.COMMENT, start=0.0, end=video.duration)
    said = feedback.comment_create(author=ls.people.mentor, video=video, kind="strength", start=1.0, body="Lovely bar",
                                   audience="share", share_id=share.pk)
    feedback.comment_reply(author=ls.people.ect, parent=said, body="Thanks @ls-mentor")
    feedback.comment_create(author=ls.people.ect, video=video, kind="note", start=0.5, body="Note to self",
                            audience="private")
    recording_view_record(recording=recording, viewer=ls.people.mentor, share=share)
    return SimpleNamespace(recording=recording, video=video, share=share, pk=video.pk, source=video.source.name,
                           backend=request.param)


def rows(pk: int) -> dict[str, int]:
    return {
        "videos": Video.objects.filter(pk=pk).count(),
        "renditions": Rendition.objects.filter(video_id=pk).count(),
        "transcripts": Transcript.objects.filter(video_id=pk).count(),
        "cues": TranscriptSegment.objects.filter(transcript__video_id=pk).count(),
        "moments": SearchMoment.objects.filter(video_id=pk).count(),
        "comments": Comment.objects.filter(video_id=pk).count(),
        "mentions": Mention.objects.filter(comment__video_id=pk).count(),
        "recordings": Recording.objects.filter(video_id=pk).count(),
        "shares": Share.objects.filter(recording__video_id=pk).count(),
        "views": RecordingView.objects.filter(recording__video_id=pk).count(),
        "uploads": UploadSession.objects.filter(video_id=pk).count(),
        "notifications": Notification.objects.filter(subject__contains="Y7 bar models").count()
        + Notification.objects.filter(subject__contains="Bar models").count(),
    }


def assert_all_there(recorded):
    before = rows(recorded.pk)
    assert all(before.values()), before
    assert before["comments"] == 3 and before["mentions"] == 1
    files = stored_files(recorded.pk, recorded.source)
    assert any(f.endswith(".ts") or f.endswith(".m4s") for f in files) and any("poster" in f for f in files)
    assert any("sprite" in f for f in files) and any(f.endswith(Path(recorded.source).name) for f in files)
    if engine.engine_config() is not None:
        assert engine_entries(recorded.pk) >= 1  # the captions' moments are in the engine


def assert_nothing_left(recorded):
    assert all(count == 0 for count in rows(recorded.pk).values()), rows(recorded.pk)
    assert stored_files(recorded.pk, recorded.source) == []
    assert engine_entries(recorded.pk) in (None, 0)
    if recorded.backend == "local":
        assert not (Path(settings.MEDIA_ROOT) / "videos" / str(recorded.pk)).exists()
    purge = RecordingPurge.objects.get(video_id=recorded.pk)
    assert purge.purged_at is not None and purge.last_error == ""


def test_the_owner_deletes_a_recording_and_nothing_of_it_is_left(recorded, django_capture_on_commit_callbacks):
    assert_all_there(recorded)
    with django_capture_on_commit_callbacks(execute=True):
        recording_delete(recording=recorded.recording, by=recorded.recording.owner)
    assert_nothing_left(recorded)


def test_the_retention_task_deletes_an_expired_recording_as_completely(recorded, ls, django_capture_on_commit_callbacks):
    from pdsite.lessons.tasks import recordings_expire_task

    assert_all_there(recorded)
    recording_set_cycle_end(recording=recorded.recording, ends_on=ls.today - days(31))
    with django_capture_on_commit_callbacks(execute=True):
        recordings_expire_task.apply()
    assert_nothing_left(recorded)


@pytest.mark.parametrize("who", ["hod", "mentor"])
def test_nobody_else_may_delete_and_nothing_is_lost(ls, who):
    from tests.support.recordings import make_recording

    recording = make_recording(owner=ls.people.ect, department=ls.maths)
    with pytest.raises(RecordingRefused, match="Only the teacher who recorded the lesson can delete it"):
        recording_delete(recording=recording, by=getattr(ls.people, who))
    assert Recording.objects.filter(pk=recording.pk).exists() and not RecordingPurge.objects.exists()

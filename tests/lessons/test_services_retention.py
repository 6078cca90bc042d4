"""Retention: the daily task deletes recordings after their last day, not on it; a recording
left without its owner (account deleted) is deleted as completely; the beat schedule runs it."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from pdsite.lessons.models import Recording, RecordingPurge
from pdsite.lessons.services import recording_orphans_delete, recordings_expire
from pdsite.videos.models import Video
from tests.lessons.conftest import days
from tests.support.recordings import make_recording

pytestmark = pytest.mark.django_db


def test_a_recording_is_deleted_the_day_after_its_last_day(ls, django_capture_on_commit_callbacks):
    kept = make_recording(owner=ls.people.ect, department=ls.maths, title="Kept")
    gone = make_recording(owner=ls.people.ect, department=ls.maths, title="Gone")
    Recording.objects.filter(pk=kept.pk).update(delete_after=ls.today)
    Recording.objects.filter(pk=gone.pk).update(delete_after=ls.today - days(1))
    with django_capture_on_commit_callbacks(execute=True):
        assert recordings_expire(today=ls.today) == 1
    assert list(Recording.objects.values_list("title", flat=True)) == ["Kept"]
    assert not Video.objects.filter(pk=gone.video_id).exists()
    assert RecordingPurge.objects.get(video_id=gone.video_id).purged_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert recordings_expire(today=ls.today + days(1)) == 1
    assert not Recording.objects.exists()


def test_an_owner_whose_account_is_deleted_leaves_no_video_behind(ls, django_capture_on_commit_callbacks):
    recording = make_recording(owner=ls.people.ect, department=ls.maths)
    with django_capture_on_commit_callbacks(execute=True):
        get_user_model().objects.filter(pk=ls.people.ect.pk).delete()
    assert not Video.objects.filter(pk=recording.video_id).exists()
    assert RecordingPurge.objects.filter(video_id=recording.video_id).exists()
    assert recording_orphans_delete() == 0


def test_a_purge_is_kept_a_day_then_forgotten_once_nothing_is_left(ls, django_capture_on_commit_callbacks):
    from django.utils import timezone

    recording = make_recording(owner=ls.people.ect, department=ls.maths)
    Recording.objects.filter(pk=recording.pk).update(delete_after=ls.today - days(1))
    with django_capture_on_commit_callbacks(execute=True):
        recordings_expire(today=ls.today)
    RecordingPurge.objects.update(created_at=timezone.now() - days(2))
    recordings_expire(today=ls.today)
    assert not RecordingPurge.objects.exists()


def test_the_beat_schedule_runs_the_retention_task_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["lessons-expire-recordings"]
    assert entry == {"task": "pdsite.lessons.tasks.recordings_expire_task", "schedule": 24 * 3600}
    from celery import current_app

    assert entry["task"] in current_app.tasks


def test_files_stored_after_the_deletion_are_removed_by_the_next_daily_run(ls, django_capture_on_commit_callbacks):
    """A transcode still running when its recording was deleted may store more segments."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    recording = make_recording(owner=ls.people.ect, department=ls.maths)
    video = recording.video
    source = video.source.name
    assert default_storage.exists(source)
    Recording.objects.filter(pk=recording.pk).update(delete_after=ls.today - days(1))
    with django_capture_on_commit_callbacks(execute=True):
        recordings_expire(today=ls.today)
    assert not default_storage.exists(source)
    late = default_storage.save(f"{video.output_prefix}/360p/late.ts", ContentFile(b"\x47late"))
    assert default_storage.exists(late)
    recordings_expire(today=ls.today)
    assert not default_storage.exists(late)


def test_a_view_through_another_recordings_share_notes_no_range(ls):
    from pdsite.lessons.services import recording_view_record
    from tests.support.recordings import make_share

    one = make_recording(owner=ls.people.ect, department=ls.maths)
    other = make_recording(owner=ls.people.ect, department=ls.maths)
    foreign = make_share(other, to=ls.people.mentor, start=1.0, end=2.0)
    view = recording_view_record(recording=one, viewer=ls.people.mentor, share=foreign)
    assert (view.share, view.start, view.end) == (None, None, None)


@pytest.mark.service
def test_search_entries_left_while_the_engine_was_down_go_on_the_next_run(ls, settings, django_capture_on_commit_callbacks):
    from pdsite.lessons.services import recording_delete, recording_purges_retry
    from pdsite.search import engine
    from pdsite.videos.transcripts.services import transcript_import
    from tests.support.services import require_service

    require_service("PDSITE_SEARCH_URL", "The search engine")
    recording = make_recording(owner=ls.people.ect, department=ls.maths)
    video_id = recording.video_id
    with django_capture_on_commit_callbacks(execute=True):
        transcript_import(video=recording.video, vtt_text="WEBVTT\n\n00:00.000 --> 00:04.000\nShare it in a ratio.\n")

    def entries() -> int:
        config = engine.engine_config()
        engine.refresh(config)
        return engine.client(config).count(index=config.alias, body={"query": {"term": {"video_id": video_id}}})["count"]

    assert entries() >= 1
    working = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(working["default"], URLS=["http://127.0.0.1:9"], TIMEOUT=2)}
    with django_capture_on_commit_callbacks(execute=True):
        recording_delete(recording=recording, by=ls.people.ect)
    purge = RecordingPurge.objects.get(video_id=video_id)
    assert purge.purged_at is None and purge.attempts == 1 and purge.last_error
    assert not Recording.objects.exists() and not Video.objects.filter(pk=video_id).exists()  # the rows went at once
    settings.WAGTAILSEARCH_BACKENDS = working
    assert entries() >= 1
    assert recording_purges_retry() == 0
    assert entries() == 0 and RecordingPurge.objects.get(pk=purge.pk).purged_at is not None

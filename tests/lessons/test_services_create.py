"""Recording a lesson: consent first, a private video, the class context, the deletion date."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pdsite.lessons import services
from pdsite.lessons.models import MAX_RETENTION_DAYS, Recording, YearGroup
from pdsite.lessons.services import RecordingRefused, recording_create, recording_set_cycle_end
from pdsite.videos.models import Video
from tests.factories.departments import SchoolFactory
from tests.factories.videos import VideoFactory
from tests.lessons.conftest import CONSENT, days

pytestmark = pytest.mark.django_db


def record(ls, **overrides):
    fields = dict(
        owner=ls.people.ect, department=ls.maths, title="Y8 ratio tables", year_group=YearGroup.Y8,
        recorded_on=ls.today, consent_confirmed=True,
        source=SimpleUploadedFile("lesson.mp4", b"\x00\x00\x00\x18ftypmp42 not really a video"),
    )
    fields.update(overrides)
    return recording_create(**fields)


def test_a_recording_is_a_private_video_of_its_owner_with_the_statement_they_confirmed(ls):
    recording = record(ls, small_step="Use a ratio table", lesson_focus="Questioning after the do-now")
    video = recording.video
    assert video.private and video.uploaded_by == ls.people.ect and video.status == Video.Status.UPLOADED
    assert recording.consent_statement == CONSENT and recording.consent_confirmed_at is not None
    assert (recording.small_step, recording.lesson_focus) == ("Use a ratio table", "Questioning after the do-now")
    assert recording.delete_after == ls.today + days(30)


def test_a_school_without_a_consent_statement_cannot_record_and_no_file_is_stored(ls):
    services.recording_policy_set(school=ls.school, consent_statement="", retention_days=30)
    with pytest.raises(RecordingRefused, match="no recording consent statement"):
        record(ls)
    assert not Video.objects.exists() and not Recording.objects.exists()


def test_a_school_that_never_set_a_policy_cannot_record(ls):
    ls.maths.school = SchoolFactory(slug="ls-no-policy")
    ls.maths.save()
    with pytest.raises(RecordingRefused, match="no recording consent statement"):
        record(ls)


@pytest.mark.parametrize("confirmed", [False, None, "yes"])
def test_without_the_teachers_confirmation_nothing_is_recorded(ls, confirmed):
    with pytest.raises(RecordingRefused) as refused:
        record(ls, consent_confirmed=confirmed)
    assert refused.value.message_dict == {"consent_confirmed": ["Confirm the school's recording consent statement first."]}
    assert not Video.objects.exists()


def test_only_a_member_records_in_a_department(ls):
    with pytest.raises(RecordingRefused, match="your own departments"):
        record(ls, owner=ls.people.outsider)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "Give the recording a title"),
        ("year_group", 14, "year group"),
        ("recorded_on", "yesterday", "the day the lesson was taught"),
        ("recorded_on", datetime.date.today() + datetime.timedelta(days=3), "cannot be in the future"),
    ],
)
def test_the_class_context_must_be_complete(ls, field, value, message):
    with pytest.raises(RecordingRefused, match=message):
        record(ls, **{field: value})
    assert not Video.objects.exists()


def test_a_recording_longer_than_an_hour_is_refused(ls):
    long = VideoFactory(private=True, uploaded_by=ls.people.ect, duration=60 * 60 + 5, status=Video.Status.READY)
    with pytest.raises(RecordingRefused, match="at most 1:00:00"):
        record(ls, source=None, video=long)
    assert not Recording.objects.exists()


def test_only_the_owners_own_private_upload_becomes_their_recording(ls):
    public = VideoFactory(private=False, uploaded_by=ls.people.ect)
    theirs = VideoFactory(private=True, uploaded_by=ls.people.mentor)
    for video in (public, theirs):
        with pytest.raises(RecordingRefused, match="not one of your uploads"):
            record(ls, source=None, video=video)
    mine = VideoFactory(private=True, uploaded_by=ls.people.ect, duration=600.0)
    assert record(ls, source=None, video=mine).video == mine
    with pytest.raises(RecordingRefused, match="already a recording"):
        record(ls, source=None, video=mine)


def test_the_deletion_date_follows_the_cycle_and_never_passes_a_year(ls):
    recording = record(ls, recorded_on=ls.today - days(10))
    assert recording.delete_after == ls.today + days(20)
    recording_set_cycle_end(recording=recording, ends_on=ls.today + days(40))
    assert (recording.cycle_ends_on, recording.delete_after) == (ls.today + days(40), ls.today + days(70))
    recording_set_cycle_end(recording=recording, ends_on=ls.today + days(400))
    assert recording.delete_after == recording.recorded_on + days(MAX_RETENTION_DAYS)
    recording_set_cycle_end(recording=recording, ends_on=None)
    recording.refresh_from_db()
    assert (recording.cycle_ends_on, recording.delete_after) == (None, ls.today + days(20))


def test_the_schools_retention_is_read_when_the_date_is_set(ls):
    services.recording_policy_set(school=ls.school, consent_statement=CONSENT, retention_days=7)
    assert record(ls).delete_after == ls.today + days(7)


@pytest.mark.slow
def test_an_upload_longer_than_the_recording_limit_fails_its_probe_with_the_reason(
    ls, sample_clip, settings, django_capture_on_commit_callbacks
):
    from django.core.files import File

    settings.PDSITE_MAX_RECORDING_SECONDS = 1.0
    path, _ = sample_clip
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as handle:
        recording = record(ls, source=File(handle, name="lesson.mp4"))
    video = Video.objects.get(pk=recording.video_id)
    assert (video.status, video.failure_stage) == (Video.Status.FAILED, Video.Stage.PROBE)
    assert "the longest we accept is 0:01" in video.failure_reason

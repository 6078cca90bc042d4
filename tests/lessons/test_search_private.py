"""A recording's transcript (an uploaded file or the speech-recognition draft) is searchable
only by people who may see the recording, and by a clip's audience only inside the clip. Site
search (pdsite.search, clip pages) never lists a recording, whoever asks."""

import pytest
from django.utils import timezone

from pdsite.lessons.selectors import recording_transcript_search
from pdsite.search.selectors import search_moments
from pdsite.videos.pipeline.vtt import Cue, render_vtt
from pdsite.videos.transcripts.services import transcript_import
from tests.factories.users import UserFactory
from tests.support.recordings import make_recording, make_share

pytestmark = pytest.mark.django_db

CUES = [
    Cue(start=2.0, end=6.0, text="Who can draw a bar model for this ratio?"),
    Cue(start=40.0, end=44.0, text="Look at the ratio table again, Amir."),
    Cue(start=90.0, end=95.0, text="Equivalent ratios are in the same proportion."),
]


@pytest.fixture
def transcribed(ls, django_capture_on_commit_callbacks):
    recording = make_recording(owner=ls.people.ect, department=ls.maths, title="Y8 ratio")
    with django_capture_on_commit_callbacks(execute=True):
        transcript_import(video=recording.video, vtt_text=render_vtt(CUES), approve=False)  # a draft
    make_share(recording, to=ls.people.mentor, start=35.0, end=50.0)
    return recording


def test_the_owner_finds_every_moment_of_their_recording(ls, transcribed):
    hits = recording_transcript_search(ls.people.ect, "ratio")
    assert {hit.start for hit in hits} == {2.0, 40.0, 90.0} and {h.recording for h in hits} == {transcribed}


def test_a_clip_audience_finds_only_moments_inside_the_clip(ls, transcribed):
    assert [hit.start for hit in recording_transcript_search(ls.people.mentor, "ratio")] == [40.0]
    assert recording_transcript_search(ls.people.mentor, "proportion") == []


@pytest.mark.parametrize("who", ["hod", "teacher", "outsider"])
def test_nobody_else_finds_anything(ls, transcribed, who):
    assert recording_transcript_search(getattr(ls.people, who), "ratio") == []


def test_a_revoked_share_finds_nothing_at_once(ls, transcribed):
    transcribed.shares.update(revoked_at=timezone.now())
    assert recording_transcript_search(ls.people.mentor, "ratio") == []


def test_site_search_never_lists_a_recording_even_for_its_owner_or_a_superuser(ls, transcribed):
    from pdsite.search.models import SearchMoment

    assert SearchMoment.objects.filter(video_id=transcribed.video_id).exists()  # indexed, yet never shown
    admin = UserFactory(username="ls-admin", is_superuser=True, is_staff=True)
    for user in (ls.people.ect, ls.people.mentor, admin):
        assert search_moments(user=user, query="ratio table").clips == []


def test_the_search_takes_the_same_queries_however_many_recordings(ls, transcribed, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            recording_transcript_search(ls.people.mentor, "ratio")
        return len(captured)

    baseline = count()
    for n in range(3):
        other = make_recording(owner=ls.people.teacher, department=ls.maths, title=f"Other {n}")
        with django_capture_on_commit_callbacks(execute=True):
            transcript_import(video=other.video, vtt_text=render_vtt(CUES))
        make_share(other, to=ls.people.mentor, start=float(n), end=float(n + 50))
    assert count() == baseline
    assert len(recording_transcript_search(ls.people.mentor, "ratio")) == 1 + 3 * 2  # 0:02 and 0:40 of each clip


@pytest.mark.slow
def test_the_speech_recognition_draft_of_a_recording_is_searchable_by_its_owner_only(
    ls, settings, sample_clip, django_capture_on_commit_callbacks
):
    """As for PD clips: the draft is made when the recording first plays, then searched."""
    from django.core.files import File

    from pdsite.lessons.services import recording_create
    from pdsite.videos.models import Transcript

    settings.PDSITE_ASR_ENGINE = "pdsite.videos.asr.whisper.FasterWhisperEngine"
    path, _ = sample_clip
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as handle:
        recording = recording_create(owner=ls.people.ect, department=ls.maths, title="Spoken lesson", year_group=7,
                                     recorded_on=ls.today, consent_confirmed=True, source=File(handle, name="l.mp4"))
    draft = recording.video.transcripts.get()
    assert (draft.source, draft.status) == (Transcript.Source.ASR, Transcript.Status.DRAFT)
    hits = recording_transcript_search(ls.people.ect, "bar model")
    assert hits and all(hit.recording == recording for hit in hits)
    for who in ("hod", "mentor", "teacher"):
        assert recording_transcript_search(getattr(ls.people, who), "bar model") == []
    assert search_moments(user=ls.people.ect, query="bar model").clips == []

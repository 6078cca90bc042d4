import pytest

from pdsite.videos.transcripts import services
from pdsite.videos.models import TranscriptSegment
from pdsite.videos.pipeline.vtt import CaptionsError
from tests.factories.videos import VideoFactory

VTT = """WEBVTT

00:00:00.000 --> 00:00:02.500
Draw a bar model first.

00:00:02.500 --> 00:00:05.000
Zero pairs cancel out.
"""


def test_cues_become_segments_when_captions_are_imported(db, django_capture_on_commit_callbacks):
    video = VideoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import(video=video, vtt_text=VTT)
    segments = list(TranscriptSegment.objects.filter(transcript__video=video).values_list("start", "text"))
    assert segments == [(0.0, "Draw a bar model first."), (2.5, "Zero pairs cancel out.")]


def test_importing_again_replaces_segments_when_captions_change(db, django_capture_on_commit_callbacks):
    video = VideoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import(video=video, vtt_text=VTT)
        services.transcript_import(video=video, vtt_text=VTT.replace("Zero pairs", "Counters"))
    texts = list(TranscriptSegment.objects.filter(transcript__video=video).values_list("text", flat=True))
    assert texts == ["Draw a bar model first.", "Counters cancel out."]


def test_nothing_changes_when_captions_are_malformed(db, django_capture_on_commit_callbacks):
    video = VideoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import(video=video, vtt_text=VTT)
    with pytest.raises(CaptionsError):
        services.transcript_import(video=video, vtt_text="WEBVTT\n\n00:00:xx.000 --> 00:00:01.000\nBroken\n")
    assert TranscriptSegment.objects.filter(transcript__video=video).count() == 2

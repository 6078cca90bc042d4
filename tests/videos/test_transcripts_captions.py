"""Captions files as PD leads upload them: WebVTT and SRT, good and malformed."""

import pytest

from pdsite.videos.transcripts import services as transcripts
from pdsite.videos.models import Transcript, TranscriptSegment
from pdsite.videos.pipeline.srt import parse_captions, parse_srt
from pdsite.videos.pipeline.vtt import CaptionsError, Cue
from tests.factories.videos import VideoFactory

SRT = """1
00:00:00,000 --> 00:00:02,500
Draw a <i>bar model</i> first.

2
00:00:02,500 --> 00:00:05,000
Zero pairs
cancel out.
"""

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nFirst line.\n"


def test_srt_cues_are_read_with_tags_removed_and_lines_joined():
    assert parse_srt(SRT) == [
        Cue(start=0.0, end=2.5, text="Draw a bar model first."),
        Cue(start=2.5, end=5.0, text="Zero pairs cancel out."),
    ]


def test_srt_with_a_byte_order_mark_and_crlf_lines_is_read():
    assert len(parse_srt("\ufeff" + SRT.replace("\n", "\r\n"))) == 2


def test_vtt_and_srt_are_told_apart_by_the_header():
    assert parse_captions(VTT) == [Cue(start=0.0, end=2.0, text="First line.")]
    assert parse_captions(SRT)[1].text == "Zero pairs cancel out."


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (SRT.replace("00:00:02,500 --> 00:00:05,000", "00:00:0x,500 --> 00:00:05,000"), 6, "not valid"),
        (SRT.replace("00:00:00,000 --> 00:00:02,500", "00:00:03,000 --> 00:00:02,500"), 2, "before it starts"),
        (SRT.replace("00:00:00,000 --> 00:00:02,500", "00:00:00,000 -> 00:00:02,500"), 1, "timing line"),
        ("1\n00:00:01,000 --> 00:00:02,000\n", 2, "no text"),
        ("Just some notes\nnot captions\n", 1, "timing line"),
    ],
)
def test_malformed_srt_is_refused_with_the_line_named(text, line, words):
    with pytest.raises(CaptionsError) as raised:
        parse_srt(text)
    assert raised.value.line == line
    assert f"Line {line}:" in str(raised.value) and words in str(raised.value)


def test_an_empty_file_is_refused():
    with pytest.raises(CaptionsError, match="empty"):
        parse_captions("  \n")


def test_importing_srt_replaces_the_transcript_and_is_approved(db, django_capture_on_commit_callbacks):
    video = VideoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.transcript_import(video=video, vtt_text=VTT)
        transcript = transcripts.transcript_import(video=video, vtt_text=SRT)
    assert transcript.source == Transcript.Source.UPLOADED
    assert transcript.status == Transcript.Status.APPROVED and transcript.approved_at is not None
    assert list(transcript.segments.values_list("text", flat=True)) == [
        "Draw a bar model first.",
        "Zero pairs cancel out.",
    ]


def test_a_malformed_upload_changes_nothing_when_a_transcript_exists(db, django_capture_on_commit_callbacks):
    video = VideoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.transcript_import(video=video, vtt_text=SRT)
    with pytest.raises(CaptionsError, match="Line 2"):
        transcripts.transcript_import(video=video, vtt_text="1\n00:00:xx,000 --> 00:00:01,000\nBroken\n")
    assert TranscriptSegment.objects.filter(transcript__video=video).count() == 2


def test_the_transcripts_service_module_imports_captions(db, django_capture_on_commit_callbacks):
    from pdsite.videos.transcripts import services

    video = VideoFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import(video=video, vtt_text=VTT)
    assert video.transcripts.get().segments.count() == 1


def test_an_upload_records_who_approved_it_and_an_edit_keeps_that(db, pd_lead, django_capture_on_commit_callbacks):
    from tests.factories.users import UserFactory

    video = VideoFactory()
    other = UserFactory(username="other-lead", groups=["PD leads"])
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.transcript_import(video=video, vtt_text=VTT, user=other)
        transcripts.transcript_import(video=video, vtt_text=SRT, user=pd_lead)
        first = video.transcripts.get().approved_at
        transcripts.transcript_save_cues(video=video, cues=[Cue(0, 1, "Edited.")], user=other)
    transcript = video.transcripts.get()
    assert transcript.approved_by == pd_lead and transcript.approved_at == first
    assert transcript.source == Transcript.Source.EDITED and transcript.status == Transcript.Status.APPROVED

"""Speech-recognition drafts: word grouping, WER, and the real engine on a spoken clip."""

import re

import pytest
from django.core.files import File
from django.urls import reverse

from pdsite.videos import services
from pdsite.videos.transcripts import services as transcripts
from pdsite.videos.asr import Word, cues_from_words, extract_audio, get_engine
from pdsite.videos.asr.pocketsphinx import PocketSphinxEngine
from pdsite.videos.asr.wer import wer
from pdsite.videos.models import Transcript, Video

POCKETSPHINX = "pdsite.videos.asr.pocketsphinx.PocketSphinxEngine"
WHISPER = "pdsite.videos.asr.whisper.FasterWhisperEngine"


def test_wer_counts_substitutions_deletions_and_insertions():
    assert wer("Zero pairs cancel out.", "zero pairs cancel out") == 0.0
    assert wer("zero pairs cancel out", "zero pears cancel out") == 0.25
    assert wer("zero pairs cancel out", "zero pairs out") == 0.25
    assert wer("zero pairs cancel out", "the zero pairs cancel out now") == 0.5
    assert wer("a b", "") == 1.0
    # Digits and words are the same word: Whisper writes "3a", the script says "three a".
    assert wer("Three a plus two is the fiftieth term, not one thousand.", "3A plus 2 is the 50th term, not 1,000.") == 0.0
    assert wer("one hundred and five", "105") == 0.0
    with pytest.raises(ValueError):
        wer("", "anything")


def test_words_become_cues_of_at_most_seven_seconds():
    words = [Word(text=f"word{i}", start=i * 0.5, end=i * 0.5 + 0.4) for i in range(30)]
    cues = cues_from_words(words)
    assert [w for c in cues for w in c.text.split()] == [w.text for w in words]
    assert all(c.end - c.start <= 7.0 for c in cues)
    assert len(cues) >= 3


def test_a_pause_ends_a_cue_and_long_text_is_split_at_two_lines():
    words = [Word("one", 0, 0.3), Word("two", 0.4, 0.7), Word("three", 2.0, 2.4)]
    assert [c.text for c in cues_from_words(words)] == ["one two", "three"]
    long_words = [Word("x" * 20, i * 0.1, i * 0.1 + 0.1) for i in range(6)]
    assert all(len(c.text) <= 84 for c in cues_from_words(long_words))


def test_no_engine_means_no_drafts(settings):
    settings.PDSITE_ASR_ENGINE = ""
    assert get_engine() is None


@pytest.mark.slow
def test_pocketsphinx_hears_english_words_in_a_spoken_clip(sample_clip, tmp_path):
    path, script = sample_clip
    audio = extract_audio(path, tmp_path / "audio.wav")
    cues = PocketSphinxEngine().transcribe(audio)
    duration = script[-1].end + 0.5
    assert cues, "no words recognised"
    assert all(0 <= c.start < c.end <= duration for c in cues)
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:]))
    words = " ".join(c.text for c in cues).split()
    # Dictionary words only (no fillers like <sil> or [NOISE]), roughly as many as were said.
    assert all(re.fullmatch(r"[a-z0-9'.-]+", w) for w in words), words
    said = sum(len(c.text.split()) for c in script)
    assert said / 3 <= len(words) <= said * 3


@pytest.mark.slow
def test_whisper_transcribes_a_spoken_clip_closely_with_sentence_cues(settings, sample_clip, tmp_path):
    path, script = sample_clip
    settings.PDSITE_ASR_ENGINE = WHISPER
    audio = extract_audio(path, tmp_path / "audio.wav")
    cues = get_engine().transcribe(audio)
    heard = " ".join(c.text for c in cues)
    said = " ".join(c.text for c in script)
    assert wer(said, heard) <= 0.25, heard
    # Sentences become cues, close to where they are really spoken.
    assert len(cues) == len(script)
    for cue, spoken in zip(cues, script):
        assert abs(cue.start - spoken.start) < 0.8 and abs(cue.end - spoken.end) < 0.8


def test_a_missing_whisper_model_fails_clearly_and_never_downloads(settings, tmp_path):
    from pdsite.videos.asr import AsrError
    from pdsite.videos.asr.whisper import FasterWhisperEngine

    settings.PDSITE_ASR_WHISPER_MODEL = str(tmp_path / "no-such-model")
    (tmp_path / "a.wav").write_bytes(b"")
    with pytest.raises(AsrError, match="Could not load the Whisper model"):
        FasterWhisperEngine().transcribe(tmp_path / "a.wav")


def test_extracting_audio_from_a_file_without_any_fails_clearly(tmp_path):
    from pdsite.videos.asr import AsrError
    from pdsite.videos.pipeline.samples import make_silent_clip

    clip = make_silent_clip(tmp_path / "mute.mp4", seconds=1, audio=False)
    with pytest.raises(AsrError, match="audio"):
        extract_audio(clip, tmp_path / "audio.wav")


@pytest.mark.slow
def test_a_draft_is_made_on_the_transcripts_queue_when_a_new_video_becomes_ready(
    settings, db, sample_clip, django_capture_on_commit_callbacks
):
    from pdsite.videos.tasks import transcript_draft_task

    settings.PDSITE_ASR_ENGINE = WHISPER
    path, _ = sample_clip
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as handle:
        video = services.video_create(title="Spoken", source=File(handle, name="spoken.mp4"))
    video.refresh_from_db()
    assert video.status == Video.Status.READY
    transcript = video.transcripts.get()
    assert transcript.source == Transcript.Source.ASR
    assert transcript.status == Transcript.Status.DRAFT and transcript.needs_review
    assert transcript.engine == "whisper tiny.en"
    assert transcript.segments.count() >= 1
    assert transcript_draft_task.queue == "transcripts"


def test_no_draft_is_queued_when_the_video_already_has_captions(settings, db, django_capture_on_commit_callbacks):
    from tests.factories.videos import VideoFactory

    settings.PDSITE_ASR_ENGINE = WHISPER
    video = VideoFactory(status=Video.Status.TRANSCODING)
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.transcript_import(video=video, vtt_text="WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.video_transition(video=video, to=Video.Status.PLAYABLE)
    assert callbacks == []
    assert video.transcripts.get().source == Transcript.Source.UPLOADED


def test_no_draft_is_queued_when_drafts_are_switched_off(settings, db, django_capture_on_commit_callbacks):
    from tests.factories.videos import VideoFactory

    settings.PDSITE_ASR_ENGINE = ""
    video = VideoFactory(status=Video.Status.TRANSCODING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.video_transition(video=video, to=Video.Status.PLAYABLE)
    assert callbacks == []


@pytest.mark.slow
def test_a_video_without_audio_gets_no_draft_and_a_note_in_the_admin(
    settings, db, tmp_path, admin_client, caplog, django_capture_on_commit_callbacks
):
    from pdsite.videos.pipeline.samples import make_silent_clip

    settings.PDSITE_ASR_ENGINE = WHISPER
    clip = make_silent_clip(tmp_path / "mute.mp4", seconds=1, audio=False)
    with django_capture_on_commit_callbacks(execute=True), open(clip, "rb") as handle:
        video = services.video_create(title="Board work, no sound", source=File(handle, name="mute.mp4"))
    video.refresh_from_db()
    assert video.status == Video.Status.READY and video.has_audio is False
    assert not video.transcripts.exists()
    assert not [r for r in caplog.records if "no draft transcript" in r.getMessage()]  # never queued
    page = admin_client.get(reverse("video_library:inspect", args=[video.pk])).content.decode()
    assert "This video has no audio track, so no draft transcript is made from speech." in page


def test_the_draft_task_logs_one_line_not_a_traceback_when_the_audio_cannot_be_read(
    settings, db, tmp_path, caplog
):
    """A video probed before `has_audio` existed (None) still fails quietly in the task."""
    from pdsite.videos.pipeline.samples import make_silent_clip
    from pdsite.videos.tasks import transcript_draft_task
    from tests.factories.videos import VideoFactory

    settings.PDSITE_ASR_ENGINE = WHISPER
    clip = make_silent_clip(tmp_path / "mute.mp4", seconds=1, audio=False)
    video = VideoFactory(status=Video.Status.READY, has_audio=None, source=File(open(clip, "rb"), name="mute.mp4"))
    transcript_draft_task.delay(video.pk)
    assert not video.transcripts.exists()
    [record] = [r for r in caplog.records if "no draft transcript" in r.getMessage()]
    assert record.levelname == "WARNING" and record.exc_info is None


def test_the_draft_task_returns_quietly_when_the_video_is_gone(settings, db):
    from pdsite.videos.tasks import transcript_draft_task

    settings.PDSITE_ASR_ENGINE = WHISPER
    transcript_draft_task.delay(999_999)
    assert not Transcript.objects.exists()


def test_a_draft_never_replaces_a_persons_transcript(settings, db, sample_clip, django_capture_on_commit_callbacks):
    """Captions uploaded before the task runs win (and one arriving mid-draft wins through the
    unique constraint: the draft's insert fails and is dropped)."""
    from tests.factories.videos import VideoFactory

    settings.PDSITE_ASR_ENGINE = WHISPER
    path, _ = sample_clip
    video = VideoFactory(status=Video.Status.READY, source=File(open(path, "rb"), name="spoken.mp4"))
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.transcript_import(video=video, vtt_text="WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n")
        assert transcripts.transcript_draft_from_speech(video_id=video.pk) is None
    assert video.transcripts.get().segments.get().text == "Hello."


def test_corpus_wer_weighs_clips_by_their_words():
    from pdsite.videos.asr.evaluate import ClipScore, corpus_wer

    scores = [ClipScore("a", 1, 10, 0.0, ""), ClipScore("b", 9, 30, 0.0, "")]
    assert corpus_wer(scores) == 0.25
    assert scores[1].wer == 0.3


@pytest.mark.slow
def test_the_wer_command_measures_drafts_against_approved_transcripts(settings, ready_video):
    import json
    from io import StringIO

    from django.core.management import call_command

    settings.PDSITE_ASR_ENGINE = WHISPER
    out = StringIO()
    call_command("measure_transcript_wer", "--limit", "1", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["engine"] == "whisper tiny.en" and result["clips"] == 1
    assert result["wer"] <= 0.25
    assert ready_video.transcripts.get().source == Transcript.Source.UPLOADED  # nothing saved


def test_the_wer_command_explains_when_there_is_nothing_to_measure(settings, db):
    from django.core.management import CommandError, call_command

    settings.PDSITE_ASR_ENGINE = WHISPER
    with pytest.raises(CommandError, match="No approved transcripts"):
        call_command("measure_transcript_wer")
    settings.PDSITE_ASR_ENGINE = ""
    with pytest.raises(CommandError, match="no engine"):
        call_command("measure_transcript_wer")

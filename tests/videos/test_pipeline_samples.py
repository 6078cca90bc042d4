"""Sample media generation: espeak-ng speech over a test pattern, with exact cues."""

from pathlib import Path

import pytest

from pdsite.videos.pipeline import samples
from pdsite.videos.pipeline.probe import probe
from pdsite.videos.pipeline.samples import make_sample_clip, make_silent_clip, write_vtt
from pdsite.videos.pipeline.vtt import parse_vtt

SENTENCES = ["Draw a bar model first.", "Zero pairs cancel out."]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, list]:
    out_path = tmp_path_factory.mktemp("samples") / "nested" / "sample.mp4"
    cues = make_sample_clip(out_path, title="Bar models: Year 7", sentences=SENTENCES, width=320, height=180)
    return out_path, cues


@pytest.mark.slow
def test_make_sample_clip_returns_one_cue_per_sentence_when_given_sentences(sample):
    _, cues = sample

    assert [cue.text for cue in cues] == SENTENCES
    assert cues[0].start == 0.0
    for cue in cues:
        assert cue.end > cue.start
    for before, after in zip(cues, cues[1:]):
        assert after.start >= before.end + samples.GAP_SECONDS - 0.002  # ordered, with a gap


@pytest.mark.slow
def test_make_sample_clip_lasts_as_long_as_its_speech_when_encoded(sample):
    path, cues = sample

    result = probe(path)

    assert (result.width, result.height) == (320, 180)
    assert result.has_audio and result.video_codec == "h264" and result.audio_codec == "aac"
    # The speech, then a short gap after the last sentence.
    assert result.duration == pytest.approx(cues[-1].end + samples.GAP_SECONDS, abs=0.5)


@pytest.mark.slow
def test_make_sample_clip_leaves_only_the_output_when_done(sample):
    path, _ = sample

    assert [p.name for p in path.parent.iterdir()] == ["sample.mp4"]


@pytest.mark.slow
def test_make_sample_clip_still_works_when_title_font_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(samples, "FONT_FILE", tmp_path / "no-such-font.ttf")

    cues = make_sample_clip(tmp_path / "plain.mp4", title="No font", sentences=["Hello."], width=320, height=180)

    assert len(cues) == 1
    assert probe(tmp_path / "plain.mp4").duration == pytest.approx(cues[0].end + samples.GAP_SECONDS, abs=0.5)


@pytest.mark.slow
def test_make_sample_clip_repeats_its_sentences_to_the_length_asked_when_given_seconds(tmp_path):
    path = tmp_path / "lesson.mp4"

    cues = make_sample_clip(path, title="Lesson", sentences=SENTENCES, width=320, height=180, seconds=7)

    assert probe(path).duration == pytest.approx(7.0, abs=0.1)
    assert len(cues) > len(SENTENCES)
    assert [cue.text for cue in cues] == [SENTENCES[i % len(SENTENCES)] for i in range(len(cues))]
    assert cues[-1].start < 7 and cues[-1].end <= 7


def test_make_sample_clip_raises_when_seconds_are_not_positive(tmp_path):
    with pytest.raises(ValueError, match="seconds must be positive"):
        make_sample_clip(tmp_path / "x.mp4", title="x", sentences=["Fine."], seconds=0)

    assert not (tmp_path / "x.mp4").exists()


@pytest.mark.parametrize("sentences", [[], ["Fine.", "   "]])
def test_make_sample_clip_raises_when_sentences_are_missing_or_blank(tmp_path, sentences):
    with pytest.raises(ValueError):
        make_sample_clip(tmp_path / "x.mp4", title="x", sentences=sentences)

    assert not (tmp_path / "x.mp4").exists()


@pytest.mark.slow
def test_write_vtt_writes_cues_that_parse_back_when_given_sample_cues(sample, tmp_path):
    _, cues = sample

    path = write_vtt(tmp_path / "captions.vtt", cues)

    assert parse_vtt(path.read_text(encoding="utf-8")) == cues


@pytest.mark.slow
@pytest.mark.parametrize("audio", [True, False])
def test_make_silent_clip_has_requested_length_and_audio_when_made(tmp_path, audio):
    path = make_silent_clip(tmp_path / "tone.mp4", seconds=2, width=320, height=180, audio=audio)

    result = probe(path)

    assert result.duration == pytest.approx(2.0, abs=0.1)
    assert (result.width, result.height) == (320, 180)
    assert result.has_audio is audio

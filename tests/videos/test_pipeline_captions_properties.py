"""Property tests of the captions parsers (pipeline/vtt.py, pipeline/srt.py) and of the
transcript editor's times (transcripts/editing.py).

What render_vtt writes parse_vtt reads back (text single-spaced: the documented
normalisation); SRT cues written out as WebVTT are the same cues; the times the editor shows
read back as the same times; and no text makes a parser raise anything but CaptionsError,
return a malformed cue, or drop a cue's text unseen.
"""

import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pdsite.videos.pipeline.srt import parse_captions, parse_srt
from pdsite.videos.pipeline.vtt import CaptionsError, Cue, format_timestamp, parse_vtt, render_vtt
from pdsite.videos.transcripts.editing import cues_from_form, parse_time

FAST = settings(max_examples=60, deadline=None)
TEXT_LIMIT = 40

# Cue text as people type it: any characters (no lone surrogates), maths, arrows, markup
# characters, blank lines, and one very long line.
special_texts = st.sampled_from(
    [
        "½ × ÷ ≤ ≥ ≠ √2 π ∞",
        "a --> b",
        "-->",
        "first line\n\nafter a blank line",
        "Fish &amp; chips <b>bold</b> & <3",
        "WEBVTT",
        "NOTE this is not a note",
        "00:00:01.000 --> 00:00:02.000",
        "۱۲ 三 \u200b zero-width \u2028 line separator",
        "long " * 2000,
    ]
)
def has_words(text: str) -> bool:
    """Whether the text is more than whitespace (a cue needs some)."""
    return bool(text.split())


cue_texts = special_texts | st.text(st.characters(exclude_categories=("Cs",)), max_size=TEXT_LIMIT).filter(has_words)
millis = st.integers(min_value=0, max_value=1_000 * 3_600_000)  # up to a thousand hours
cues = st.lists(
    st.tuples(millis, millis, cue_texts).map(lambda t: Cue(min(t[:2]) / 1000, max(t[:2]) / 1000, t[2])),
    min_size=1,
    max_size=6,
)


def single_spaced(cue: Cue) -> Cue:
    """The cue as the parsers give it back: its text on one line, whitespace collapsed."""
    return Cue(cue.start, cue.end, " ".join(cue.text.split()))


def assert_well_formed(parsed: list[Cue]) -> None:
    """Every cue starts at or after 0, ends at or after its start, on a whole millisecond,
    with plain single-spaced text. (Cues come in file order: sorting is not promised.)"""
    assert parsed
    for cue in parsed:
        assert 0 <= cue.start <= cue.end
        assert round(cue.start * 1000) / 1000 == cue.start and round(cue.end * 1000) / 1000 == cue.end
        assert cue.text and cue.text == " ".join(cue.text.split())


@FAST
@given(cues)
@example([Cue(0.0, 1.5, "a --> b ½ × ÷ ≤"), Cue(1.5, 1.5, "x\n\n\ny"), Cue(3599.999, 360000.001, "&lt; &amp;")])
def test_render_then_parse_gives_the_cues_back_single_spaced_when_cues_are_random(written):
    text = render_vtt(written)

    assert parse_vtt(text) == [single_spaced(cue) for cue in written]
    assert text.count("-->") == len(written)  # an arrow in the text never makes a timing line


any_seconds = st.floats(max_value=1e9) | st.sampled_from([float("inf"), float("-inf"), float("nan")])


@FAST
@given(st.lists(st.tuples(any_seconds, any_seconds), min_size=1, max_size=3))
@example([(float("inf"), float("inf"))])  # was OverflowError, not the documented ValueError
@example([(float("nan"), 1.0)])
def test_render_raises_only_value_error_when_times_are_any_floats(times):
    try:
        text = render_vtt(Cue(start, end, "text") for start, end in times)
    except ValueError:
        return
    read = [(format_timestamp(cue.start), format_timestamp(cue.end)) for cue in parse_vtt(text)]
    assert read == [(format_timestamp(start), format_timestamp(end)) for start, end in times]


# Lines of captions-like files: real timing lines, broken ones, blocks' keywords and noise.
caption_lines = st.sampled_from(
    [
        "",
        " ",
        "WEBVTT",
        "1",
        "²",
        "NOTE x",
        "STYLE",
        "REGION",
        "-->",
        "00:00:01.000 --> 00:00:02.000",
        "00:01.000 --> 00:02.000 align:start",
        "00:00:01,000 --> 00:00:02,000",
        "00:00:02,000 --> 00:00:01,000",
        "99:59:59.999 --> 1000:00:00.000",
        "00:00:01.000 -->",
        "--> 00:00:01.000",
        "00:00:01.000 --> 00:00:02.000 -->",
        "00:00:01,000 --> 00:00:02,000\tX:1",
        "-00:00:01.000 --> 00:00:02.000",
        "00:60:00.000 --> 00:61:00.000",
        "&amp; <i>text</i> {\\an8}",
        "½ × ÷ ≤",
    ]
) | st.text(max_size=20)
caption_files = st.tuples(
    st.sampled_from(["", "\ufeff", "WEBVTT\n\n", "\ufeffWEBVTT\r\n\r\n", "WEBVTT - title\n"]),
    st.lists(caption_lines, max_size=14),
    st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x1e"]),
    st.integers(min_value=0, max_value=10_000),  # where the file is cut off
).map(lambda t: (t[0] + t[2].join(t[1]))[: t[3]])


@settings(max_examples=150, deadline=None)
@given(caption_files)
@example("00:00:01,000 --> 00:00:02,000 -->\nx\n")  # was pysrt.InvalidItem
@example("1\n00:00:01,000 --> 00:00:02,000\nx\x1e00:00:01,000 --> 00:00:02,000\ny\n")  # was InvalidTimeString
@example("1\n00:00:01,000 --> 00:00:02,000\nx\n2\n00:00:03,000 --> 00:00:04,000\ny\n")  # was one cue
@example("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\ny\n")  # "y" was dropped unseen
def test_parsers_raise_only_captions_error_and_return_well_formed_cues_when_text_is_anything(text):
    for parse in (parse_vtt, parse_srt, parse_captions):
        try:
            parsed = parse(text)
        except CaptionsError as error:
            assert str(error) and (error.line is None or error.line >= 1)
        else:
            assert_well_formed(parsed)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("00:00:01,000 --> 00:00:02,000 -->\nx\n", 1),  # pysrt raised InvalidItem
        ("1\n00:00:01,000 --> 00:00:02,000\nx\n2\n00:00:03,000 --> 00:00:04,000\ny\n", 5),  # read as one cue
    ],
)
def test_parse_srt_names_the_line_when_pysrt_would_have_failed_or_merged_cues(text, line):
    with pytest.raises(CaptionsError) as raised:
        parse_srt(text)
    assert raised.value.line == line


@FAST
@given(st.binary(max_size=300), st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_parsers_raise_only_captions_error_when_text_is_random_bytes(data, encoding):
    text = data.decode(encoding, errors="replace")
    for parse in (parse_vtt, parse_srt, parse_captions):
        try:
            assert_well_formed(parse(text))
        except CaptionsError:
            pass


@FAST
@given(cues, st.data())
def test_parse_vtt_names_the_line_when_a_blank_line_splits_a_cue(written, data):
    lines = render_vtt(written).split("\n")
    text_lines = [number for number, line in enumerate(lines, start=1) if line and "-->" in lines[number - 2]]
    line = data.draw(st.sampled_from(text_lines))
    words = data.draw(st.text(string.ascii_letters, min_size=1, max_size=10))
    lines.insert(line, f"\n{words}")  # after the cue's text: an empty line, then more text

    try:
        parse_vtt("\n".join(lines))
    except CaptionsError as error:
        assert error.line == line + 2
    else:
        raise AssertionError("the text after the blank line was dropped unseen")


def to_srt(written: list[Cue], *, line_break: str) -> str:
    """An SRT file of the cues: numbered blocks, comma milliseconds, text lines as given."""
    blocks = [
        f"{number}\n{format_timestamp(cue.start).replace('.', ',')} --> "
        f"{format_timestamp(cue.end).replace('.', ',')}\n{cue.text}\n"
        for number, cue in enumerate(written, start=1)
    ]
    return "\n".join(blocks).replace("\n", line_break)


# SRT text lines: no markup (pysrt's tags and entities are SRT's own, tested by example),
# no line breaks, no timing line; joined into cues of one to three lines.
srt_line = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="<>&{}"), max_size=TEXT_LIMIT
).filter(has_words) | st.sampled_from(["½ × ÷ ≤", "a --> b", "12", "¿Qué?"])
srt_millis = st.integers(min_value=0, max_value=100 * 3_600_000 - 1)  # SRT hours have two digits
srt_cues = st.lists(
    st.tuples(srt_millis, srt_millis, st.lists(srt_line, min_size=1, max_size=3)).map(
        lambda t: Cue(min(t[:2]) / 1000, max(t[:2]) / 1000, "\n".join(t[2]))
    ),
    min_size=1,
    max_size=6,
)


@FAST
@given(srt_cues, st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "\ufeff"]))
def test_srt_cues_convert_to_the_same_webvtt_cues_when_cues_are_random(written, line_break, bom):
    srt = bom + to_srt(written, line_break=line_break)
    expected = [single_spaced(cue) for cue in written]

    assert parse_srt(srt) == expected
    assert parse_captions(srt) == expected
    assert parse_captions(render_vtt(parse_srt(srt))) == expected


@FAST
@given(st.lists(millis, min_size=2, max_size=12, unique=True), st.lists(cue_texts, min_size=6, max_size=6))
def test_editor_reads_back_the_times_it_shows_when_cues_are_in_order(times, texts):
    times = sorted(times)[: len(times) // 2 * 2]
    shown = [
        Cue(start / 1000, end / 1000, " ".join(text.split()))
        for start, end, text in zip(times[::2], times[1::2], texts, strict=False)
    ]

    read, rows = cues_from_form(
        starts=[format_timestamp(cue.start) for cue in shown],
        ends=[format_timestamp(cue.end) for cue in shown],
        texts=[cue.text for cue in shown],
    )

    assert [row.errors for row in rows] == [[] for _ in shown]
    assert [(format_timestamp(c.start), format_timestamp(c.end), c.text) for c in read] == [
        (format_timestamp(c.start), format_timestamp(c.end), c.text) for c in shown
    ]


@FAST
@given(millis)
def test_editor_time_parses_every_timestamp_format_timestamp_writes(milliseconds):
    assert abs(parse_time(format_timestamp(milliseconds / 1000)) - milliseconds / 1000) < 0.0005

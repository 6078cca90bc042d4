"""WebVTT captions: parsing to plain cues, clear errors, and writing back."""

import pytest

from pdsite.videos.pipeline.vtt import CaptionsError, Cue, format_timestamp, parse_vtt, render_vtt

GOOD_VTT = """WEBVTT - Bar models

NOTE written by hand

1
00:00:01.000 --> 00:00:03.500
Draw a bar model first.

2
00:00:04.000 --> 00:00:06.250 align:start line:90%
Zero pairs
cancel out.
"""


def test_parse_vtt_returns_cues_in_seconds_when_file_is_valid():
    assert parse_vtt(GOOD_VTT) == [
        Cue(start=1.0, end=3.5, text="Draw a bar model first."),
        Cue(start=4.0, end=6.25, text="Zero pairs cancel out."),
    ]


def test_parse_vtt_reads_hours_when_timestamps_have_them_or_not():
    text = "WEBVTT\n\n01:02.500 --> 01:03.000\nShort form\n\n01:00:00.000 --> 101:00:00.000\nLong form\n"

    assert parse_vtt(text) == [
        Cue(start=62.5, end=63.0, text="Short form"),
        Cue(start=3600.0, end=363600.0, text="Long form"),
    ]


def test_parse_vtt_strips_tags_and_decodes_entities_when_text_has_markup():
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
        "<v Ms Khan>Look at <i>this</i> <c.highlight>bar</c></v>\n"
        "<00:00:01.500>Fish &amp; chips &lt;3\n"
    )

    assert parse_vtt(text) == [Cue(start=1.0, end=2.0, text="Look at this bar Fish & chips <3")]


def test_parse_vtt_skips_cue_when_its_text_is_only_markup():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<b></b>\n\n00:00:03.000 --> 00:00:04.000\nKept\n"

    assert parse_vtt(text) == [Cue(start=3.0, end=4.0, text="Kept")]


def test_parse_vtt_accepts_file_when_it_has_bom_and_crlf_line_ends():
    text = "\ufeffWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nHello\r\n"

    assert parse_vtt(text) == [Cue(start=1.0, end=2.0, text="Hello")]


@pytest.mark.parametrize(
    "text",
    [
        "1\n00:00:01.000 --> 00:00:02.000\nThis is SRT, not WebVTT\n",
        "WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nHello\n",
        "Just some notes about the video.",
    ],
)
def test_parse_vtt_says_it_is_not_webvtt_when_header_is_missing(text):
    with pytest.raises(CaptionsError) as caught:
        parse_vtt(text)

    assert str(caught.value) == "This is not a WebVTT file: it must start with WEBVTT."
    assert caught.value.line is None


def test_parse_vtt_says_file_is_empty_when_text_is_blank():
    with pytest.raises(CaptionsError, match="empty"):
        parse_vtt("  \n")


@pytest.mark.parametrize(
    ("bad_line", "bad_timestamp"),
    [
        ("00:00:0x.000 --> 00:00:04.000", "00:00:0x.000"),
        ("00:00:03.000 --> 00:00:04,000", "00:00:04,000"),  # SRT-style comma
        ("00:00:03.000 --> 00:61:00.000", "00:61:00.000"),  # minutes over 59
        ("0:03.000 --> 00:00:04.000", "0:03.000"),  # too few digits
        ("00:00:03.000 -->", ""),
    ],
)
def test_parse_vtt_names_line_and_timestamp_when_a_timestamp_is_invalid(bad_line, bad_timestamp):
    text = f"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHello\n\n2\n{bad_line}\nWorld\n"

    with pytest.raises(CaptionsError) as caught:
        parse_vtt(text)

    assert str(caught.value).startswith(f"Line 8: timestamp '{bad_timestamp}' is not valid.")
    assert caught.value.line == 8


def test_parse_vtt_names_line_when_cue_ends_before_it_starts():
    text = "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nBackwards\n"

    with pytest.raises(CaptionsError) as caught:
        parse_vtt(text)

    assert str(caught.value) == "Line 3: the cue ends at 00:00:02.000, before it starts at 00:00:05.000."
    assert caught.value.line == 3


def test_parse_vtt_says_there_are_no_captions_when_file_has_only_header_and_notes():
    with pytest.raises(CaptionsError, match="no captions"):
        parse_vtt("WEBVTT\n\nNOTE nothing yet\n")


def test_captions_error_is_a_value_error_when_caught_generically():
    with pytest.raises(ValueError):
        parse_vtt("not captions")


def test_render_vtt_round_trips_when_cues_came_from_parse_vtt():
    cues = parse_vtt(GOOD_VTT)

    assert parse_vtt(render_vtt(cues)) == cues


def test_render_vtt_round_trips_when_text_has_characters_webvtt_reserves():
    cues = [
        Cue(start=0.0, end=1.25, text="Fish & chips <3 -> \"quoted\" it's"),
        Cue(start=3661.001, end=3662.999, text="Over an hour in"),
    ]

    rendered = render_vtt(cues)

    assert rendered.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.250\nFish &amp; chips &lt;3 -&gt;")
    assert parse_vtt(rendered) == cues


def test_render_vtt_raises_when_a_cue_has_no_text():
    with pytest.raises(ValueError):
        render_vtt([Cue(start=0.0, end=1.0, text="  ")])


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "00:00:00.000"),
        (62.5, "00:01:02.500"),
        (3661.0016, "01:01:01.002"),  # rounded to the nearest millisecond
        (59.9996, "00:01:00.000"),  # rounding carries into the minutes
        (100 * 3600, "100:00:00.000"),
    ],
)
def test_format_timestamp_writes_webvtt_form_when_given_seconds(seconds, expected):
    assert format_timestamp(seconds) == expected


def test_format_timestamp_raises_when_seconds_are_negative():
    with pytest.raises(ValueError):
        format_timestamp(-0.5)

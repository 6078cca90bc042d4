"""Property tests of the HLS playlist rewriting (pipeline/m3u8.py's map_uris), which the
playlist view uses to sign every file a playlist names.

Every URI line and every URI="..." attribute of a tag naming a file goes through replace
exactly once, in order; tags, comments and blank lines are kept; the playlist keeps its
line count; and replace cannot add lines or attributes to it.
"""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pdsite.videos.pipeline.m3u8 import map_uris, segment_uris

FAST = settings(max_examples=50, deadline=None)
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"

# A URI: path-like or any text on one line that is not blank and does not start with "#".
uris = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=LINE_BREAKS + '"'), max_size=30).filter(
    lambda text: text.strip() and not text.strip().startswith("#")
) | st.sampled_from(["seg_00001.ts", "../240p/index.m3u8", "https://cdn.example/a b.ts?x=1&y=2", "½.ts"])
# Tags whose URI attributes name files, and lines that only look like they hold a URI.
file_tags = st.sampled_from(
    [
        '#EXT-X-KEY:METHOD=AES-128,URI="{}",IV=0x0123',
        '#EXT-X-MAP:URI="{}",BYTERANGE="720@0"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",URI="{}"',
        '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,URI="{}"',
    ]
)
untouched = st.sampled_from(
    [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        "#EXT-X-TARGETDURATION:4",
        "#EXTINF:4.000000,",
        '#EXTINF:4.0,URI="title.ts"',  # a title, not an attribute list
        '#EXT-X-SESSION-DATA:DATA-ID="x",VALUE="a,URI=b.ts"',  # ",URI=" inside a quoted value
        "#EXT-X-STREAM-INF:BANDWIDTH=1280000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\"",
        "#EXT-X-KEY:METHOD=NONE",
        "# a comment with seg.ts in it",
        "#EXT-X-ENDLIST",
        "",
        "   ",
    ]
)
# One playlist line: (the line, the URIs it holds in order, whether it is a URI line).
playlist_lines = st.one_of(
    uris.map(lambda uri: (uri, [uri.strip()], True)),
    st.tuples(uris, st.sampled_from(["", "  ", "\t"])).map(lambda t: (t[1] + t[0] + t[1], [t[0].strip()], True)),
    st.tuples(file_tags, uris).map(lambda t: (t[0].format(t[1]), [t[1]], False)),
    untouched.map(lambda line: (line, [], False)),
)
# A playlist: its lines, ended by #EXT-X-ENDLIST, and its line break.
playlists = st.tuples(
    st.lists(playlist_lines, max_size=20).map(lambda lines: [*lines, ("#EXT-X-ENDLIST", [], False)]),
    st.sampled_from(["\n", "\r\n"]),
)


def sign(uri: str) -> str:
    """A stand-in for the playlist view's signing: a URL that says which URI it was made for."""
    return f"https://signed.example/{len(uri)}/{uri}?signature=s1"


@FAST
@given(playlists)
@example(([('#EXT-X-MAP:URI="init.mp4"', ["init.mp4"], False), ("seg_00001.ts", ["seg_00001.ts"], True)], "\n"))
def test_every_uri_is_replaced_once_in_order_and_other_lines_are_kept_when_playlist_is_random(playlist):
    lines, line_break = playlist
    text = line_break.join(line for line, _, _ in lines)
    calls: list[str] = []

    out = map_uris(text, lambda uri: calls.append(uri) or sign(uri))

    assert calls == [uri for _, held, _ in lines for uri in held]
    assert out.endswith("\n") and out.count("\n") == len(text.splitlines())
    for (line, held, is_uri), new in zip(lines, out.splitlines(), strict=True):
        if is_uri:
            assert new == sign(held[0])
        else:
            assert new == (line.replace(f'URI="{held[0]}"', f'URI="{sign(held[0])}"') if held else line)
    assert segment_uris(out) == [sign(uri) for uri in segment_uris(text)]


@FAST
@given(playlists)
def test_replacing_each_uri_by_itself_keeps_the_playlist_when_playlist_is_random(playlist):
    lines, line_break = playlist
    text = line_break.join(line for line, _, _ in lines)

    kept = [line.strip() if is_uri else line for line, _, is_uri in lines]
    assert map_uris(text, lambda uri: uri) == "".join(f"{line}\n" for line in kept)


@FAST
@given(st.text(max_size=200))
def test_no_uri_handed_to_replace_holds_a_line_break_when_text_is_anything(text):
    calls: list[str] = []

    map_uris(text, lambda uri: calls.append(uri) or "x")

    assert not any(character in uri for uri in calls for character in LINE_BREAKS)
    if 'URI="' not in text:  # then the URIs are the URI lines, and nothing else
        assert calls == segment_uris(text)


@pytest.mark.parametrize("character", ["\n", "\r", "\u2028"])
def test_replace_returning_a_line_break_is_refused_when_it_would_add_a_line(character):
    with pytest.raises(ValueError, match="would change the playlist's lines"):
        map_uris("#EXTM3U\nseg.ts\n", lambda uri: f"{uri}{character}#EXT-X-ENDLIST")


def test_replace_returning_a_quote_is_refused_when_it_would_add_an_attribute():
    with pytest.raises(ValueError, match="would change the playlist's lines"):
        map_uris('#EXT-X-MAP:URI="init.mp4"\n', lambda uri: f'{uri}",BYTERANGE="1@0')


def test_attribute_uris_are_signed_like_segments_when_tags_name_files():
    # Regression: URI="..." attributes were left as they were, so an init segment or a
    # key would be fetched relative to the playlist view, outside the signed media URLs.
    playlist = (
        "#EXTM3U\n"
        '#EXT-X-KEY:METHOD=AES-128,URI="key.bin",IV=0x1\n'
        '#EXT-X-MAP:URI="init.mp4"\n'
        "#EXTINF:4.0,\n"
        "seg_00001.m4s\n"
    )

    assert map_uris(playlist, lambda uri: f"S({uri})") == (
        "#EXTM3U\n"
        '#EXT-X-KEY:METHOD=AES-128,URI="S(key.bin)",IV=0x1\n'
        '#EXT-X-MAP:URI="S(init.mp4)"\n'
        "#EXTINF:4.0,\n"
        "S(seg_00001.m4s)\n"
    )

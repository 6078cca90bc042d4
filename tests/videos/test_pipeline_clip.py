"""The pure clip cutter (pipeline/clip.py): a media playlist trimmed to a viewer's windows
keeps exactly the segments that overlap them, its header and end, and marks every jump."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pdsite.videos.pipeline.clip import GAP_URI, kept_cues, media_segments, overlaps, trim_media_playlist
from pdsite.videos.pipeline.m3u8 import segment_uris
from pdsite.videos.pipeline.vtt import Cue

FAST = settings(max_examples=80, deadline=None)
HEADER = ["#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-TARGETDURATION:4", "#EXT-X-MEDIA-SEQUENCE:0",
          "#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-INDEPENDENT-SEGMENTS"]


def playlist(durations, *, ended=True, map_uri=None) -> str:
    lines = list(HEADER)
    if map_uri:
        lines.append(f'#EXT-X-MAP:URI="{map_uri}"')
    for i, duration in enumerate(durations):
        lines += [f"#EXTINF:{duration:.6f},", f"seg_{i:03}.ts"]
    if ended:
        lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def test_segment_times_add_up_from_the_extinf_durations():
    segments = media_segments(playlist([4, 4, 2.84]))
    assert [(s.uri, s.start, s.end) for s in segments] == [
        ("seg_000.ts", 0, 4), ("seg_001.ts", 4, 8), ("seg_002.ts", 8, 10.84)
    ]


def test_a_clip_in_the_middle_keeps_its_segments_between_the_header_and_the_end():
    text = trim_media_playlist(playlist([4, 4, 4, 4]), [(5, 9)])
    assert segment_uris(text) == ["seg_001.ts", "seg_002.ts"]
    assert text.splitlines()[: len(HEADER)] == HEADER
    assert text.rstrip().endswith("#EXT-X-ENDLIST")
    assert "#EXT-X-DISCONTINUITY" not in text


def test_two_windows_apart_are_joined_by_a_discontinuity():
    text = trim_media_playlist(playlist([4] * 6), [(0, 3), (17, 19)])
    assert segment_uris(text) == ["seg_000.ts", "seg_004.ts"]
    lines = text.splitlines()
    assert lines[lines.index("seg_000.ts") + 1] == "#EXT-X-DISCONTINUITY"


def test_the_init_segment_is_kept_for_fmp4_playlists():
    text = trim_media_playlist(playlist([4, 4, 4], map_uri="init.mp4"), [(9, 10)])
    assert '#EXT-X-MAP:URI="init.mp4"' in text
    assert segment_uris(text) == ["seg_002.ts"]


def test_no_window_keeps_no_segment_but_stays_a_valid_playlist():
    text = trim_media_playlist(playlist([4, 4]), [])
    assert segment_uris(text) == []
    assert text.startswith("#EXTM3U") and "#EXT-X-ENDLIST" in text


def test_a_growing_playlist_stays_open():
    assert "#EXT-X-ENDLIST" not in trim_media_playlist(playlist([4, 4], ended=False), [(0, 1)])


def test_with_gaps_the_others_stay_in_place_naming_no_file_so_times_are_the_videos():
    text = trim_media_playlist(playlist([4] * 6), [(5, 9), (17, 19)], gaps=True)
    assert segment_uris(text) == [GAP_URI, "seg_001.ts", "seg_002.ts", GAP_URI, "seg_004.ts", GAP_URI]
    assert [(s.start, s.end) for s in media_segments(text)] == [(i * 4, i * 4 + 4) for i in range(6)]
    assert text.count("#EXT-X-GAP") == 3 and "#EXT-X-DISCONTINUITY" not in text
    lines = text.splitlines()
    assert lines[lines.index("seg_001.ts") - 2 : lines.index("seg_001.ts")] == [GAP_URI, "#EXTINF:4.000000,"]
    assert text.rstrip().endswith("#EXT-X-ENDLIST") and text.splitlines()[: len(HEADER)] == HEADER


def test_with_gaps_and_no_window_every_segment_is_a_gap():
    text = trim_media_playlist(playlist([4, 4], map_uri="init.mp4"), [], gaps=True)
    assert segment_uris(text) == [GAP_URI, GAP_URI] and '#EXT-X-MAP:URI="init.mp4"' in text


def test_cues_kept_are_those_overlapping_a_window():
    cues = [Cue(0, 2, "a"), Cue(2, 5, "b"), Cue(5, 6, "c"), Cue(9, 12, "d")]
    assert [c.text for c in kept_cues(cues, [(4, 5), (11, 20)])] == ["b", "d"]


durations = st.lists(st.floats(min_value=0.5, max_value=6, allow_nan=False), min_size=1, max_size=25)
windows = st.lists(
    st.tuples(st.floats(min_value=0, max_value=120), st.floats(min_value=0.1, max_value=30)).map(
        lambda t: (t[0], t[0] + t[1])
    ),
    max_size=4,
).map(sorted)


@FAST
@given(durations=durations, windows=windows, ended=st.booleans())
def test_kept_segments_are_exactly_those_overlapping_a_window(durations, windows, ended):
    original = playlist(durations, ended=ended)
    text = trim_media_playlist(original, windows)
    expected, clock = [], 0.0
    for i, duration in enumerate(durations):
        duration = float(f"{duration:.6f}")  # as the playlist writes it
        if any(clock < b and clock + duration > a for a, b in windows):
            expected.append(f"seg_{i:03}.ts")
        clock += duration
    assert segment_uris(text) == expected
    assert text.splitlines()[: len(HEADER)] == HEADER
    assert ("#EXT-X-ENDLIST" in text) == ended
    # A discontinuity exactly where two kept segments were not neighbours.
    kept = [int(uri[4:7]) for uri in expected]
    jumps = sum(1 for a, b in zip(kept, kept[1:]) if b != a + 1)
    assert text.count("#EXT-X-DISCONTINUITY") == jumps
    # Each kept segment keeps its own duration line just before it.
    lines = text.splitlines()
    for uri in expected:
        assert lines[lines.index(uri) - 1] == f"#EXTINF:{durations[int(uri[4:7])]:.6f},"


@FAST
@given(durations=durations, windows=windows)
def test_windows_widened_to_whole_segments_keep_the_same_segments(durations, windows):
    """What is served for a window is what is served for the segments it touches: no more."""
    segments = media_segments(playlist(durations))
    whole = [(s.start, s.end) for s in segments if overlaps(s.start, s.end, windows)]
    once = trim_media_playlist(playlist(durations), whole)
    assert segment_uris(once) == [s.uri for s in segments if overlaps(s.start, s.end, windows)]

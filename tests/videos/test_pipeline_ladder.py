"""The bitrate ladder: which renditions a source of a given height gets."""

import pytest

from pdsite.videos.pipeline.ladder import LADDER, Profile, ladder_for, scaled_width


@pytest.mark.parametrize(
    ("source_height", "expected_names"),
    [
        (360, ["240p", "360p"]),
        (720, ["240p", "360p", "480p", "720p"]),
        (1080, ["240p", "360p", "480p", "720p", "1080p"]),
        (2160, ["240p", "360p", "480p", "720p", "1080p"]),
        (1000, ["240p", "360p", "480p", "720p"]),
        (240, ["240p"]),
    ],
)
def test_ladder_for_returns_profiles_up_to_source_when_source_is_at_least_240(
    source_height, expected_names
):
    profiles = ladder_for(source_height)

    assert [profile.name for profile in profiles] == expected_names
    assert all(profile.height <= source_height for profile in profiles)
    assert profiles == [profile for profile in LADDER if profile.name in expected_names]


@pytest.mark.parametrize(
    ("source_height", "expected_names"),
    [
        (720, ["240p", "480p", "720p"]),
        (1080, ["240p", "480p", "720p"]),  # at most 720p
        (360, ["240p", "360p"]),  # the largest rung it reaches, so one is at full size
        (600, ["240p", "480p"]),
        (240, ["240p"]),
        (180, ["180p"]),
    ],
)
def test_ladder_for_gives_the_recording_rungs_and_a_full_size_one_when_it_is_a_lesson_recording(
    source_height, expected_names
):
    profiles = ladder_for(source_height, recording=True)

    assert [profile.name for profile in profiles] == expected_names
    assert all(profile in LADDER for profile in profiles if profile.name != "180p"), "the clips' sizes and bitrates"


def test_ladder_for_returns_one_rendition_at_source_height_when_source_is_below_240():
    (profile,) = ladder_for(180)

    smallest = LADDER[0]
    assert profile == Profile(
        name="180p", height=180, video_kbps=smallest.video_kbps, audio_kbps=smallest.audio_kbps
    )


def test_ladder_for_rounds_height_down_to_even_when_small_source_height_is_odd():
    (profile,) = ladder_for(175)

    assert (profile.name, profile.height) == ("174p", 174)


@pytest.mark.parametrize("source_height", [0, -360])
def test_ladder_for_raises_when_source_height_is_not_positive(source_height):
    with pytest.raises(ValueError):
        ladder_for(source_height)


def test_ladder_has_rising_heights_and_bitrates_when_read_in_order():
    heights = [profile.height for profile in LADDER]
    video_rates = [profile.video_kbps for profile in LADDER]

    assert heights == sorted(heights) == [240, 360, 480, 720, 1080]
    assert video_rates == sorted(video_rates)
    assert all(profile.maxrate_kbps > profile.video_kbps for profile in LADDER)
    assert all(profile.bufsize_kbps >= profile.maxrate_kbps for profile in LADDER)


@pytest.mark.parametrize(
    ("source", "target_height", "expected_width"),
    [
        ((640, 360), 240, 426),  # 426.67 -> nearest even
        ((640, 360), 360, 640),
        ((1920, 1080), 480, 854),  # 853.33 -> nearest even
        ((1920, 1080), 720, 1280),
        ((1080, 1920), 240, 136),  # portrait: 135 -> nearest even
        ((720, 576), 240, 300),
        ((4, 1000), 240, 2),  # never below 2
    ],
)
def test_scaled_width_keeps_aspect_and_is_even_when_scaling(source, target_height, expected_width):
    width = scaled_width(*source, target_height)

    assert width == expected_width
    assert width % 2 == 0


def test_scaled_width_raises_when_a_size_is_not_positive():
    with pytest.raises(ValueError):
        scaled_width(0, 360, 240)

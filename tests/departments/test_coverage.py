from pdsite.progress.intervals import range_coverage, range_seconds, viewers_per_second


def test_range_counts_only_seconds_inside_the_range_when_watching_overlaps_it():
    watched = [[0, 30], [50, 70]]
    assert range_seconds(watched, start=20, end=60) == 20
    assert range_coverage(watched, start=20, end=60) == 0.5


def test_range_is_zero_when_empty_or_reversed():
    assert range_coverage([[0, 10]], start=5, end=5) == 0
    assert range_coverage([[0, 10]], start=8, end=2) == 0


def test_viewers_per_second_counts_each_viewer_once_per_second_when_intervals_touch_one_second():
    curve = viewers_per_second([[[0, 2.5]], [[1.2, 1.5], [1.7, 3]], []], duration=4)
    assert curve == [1, 2, 2, 0]


def test_viewers_per_second_ignores_watching_past_the_end_when_intervals_overrun():
    assert viewers_per_second([[[0, 99]]], duration=3) == [1, 1, 1]

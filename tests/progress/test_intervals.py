"""Interval arithmetic on watched seconds (pdsite.progress.intervals)."""

from pdsite.progress import intervals


def test_normalise_merges_overlapping_and_touching_ranges():
    assert intervals.normalise([[5, 8], [0, 2], [2, 3], [7, 10]]) == [(0, 3), (5, 10)]


def test_normalise_drops_empty_and_reversed_ranges():
    assert intervals.normalise([[3, 3], [5, 4], [1, 2]]) == [(1, 2)]


def test_clamp_cuts_to_the_video_when_ranges_overrun():
    assert intervals.clamp([(-5, 2), (8, 50), (60, 70)], low=0, high=10) == [(0, 2), (8, 10)]


def test_subtract_leaves_only_the_unseen_parts():
    assert intervals.subtract([(0, 10)], [(2, 3), (5, 7)]) == [(0, 2), (3, 5), (7, 10)]
    assert intervals.subtract([(0, 10)], [(0, 10)]) == []
    assert intervals.subtract([(4, 6)], []) == [(4, 6)]


def test_truncate_keeps_the_earliest_seconds_within_budget():
    assert intervals.truncate([(0, 5), (10, 20)], 8) == [(0, 5), (10, 13)]
    assert intervals.truncate([(0, 5)], 0) == []


def test_total_adds_lengths():
    assert intervals.total([(0, 1.5), (3, 4)]) == 2.5


def test_range_coverage_counts_only_seconds_inside_the_range():
    watched = [(0, 10), (20, 25)]
    assert intervals.range_coverage(watched, start=5, end=25) == 0.5  # 5–10 and 20–25 of 20 s
    assert intervals.range_coverage(watched, start=30, end=40) == 0.0
    assert intervals.range_coverage(watched, start=0, end=10) == 1.0


def test_range_coverage_is_zero_when_range_is_empty():
    # One range_coverage for pathways and departments: an empty range has nothing to watch
    # and counts as 0 (the department reports' rule, tests/departments/test_coverage.py);
    # it used to be 1.0 here, a case no pathway step can reach (PathwayStep.clean).
    assert intervals.range_coverage([], start=5, end=5) == 0.0


def test_range_seconds_ignores_unsorted_overlapping_input():
    assert intervals.range_seconds([(8, 12), (0, 10)], start=5, end=11) == 6


def test_retention_curve_counts_viewers_per_second():
    viewers = [[(0, 3)], [(1, 2), (4, 5)], []]
    assert intervals.viewers_per_second(viewers, duration=5) == [1, 2, 1, 0, 1]


def test_retention_curve_rounds_the_last_partial_bucket_up():
    assert intervals.viewers_per_second([[(0, 4.5)]], duration=4.5, step=2) == [1, 1, 1]


def test_retention_curve_is_empty_for_a_video_without_duration():
    assert intervals.viewers_per_second([[(0, 1)]], duration=0) == []

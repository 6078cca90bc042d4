from pdsite.courses import intervals


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

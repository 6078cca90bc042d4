"""Arithmetic on sets of watched seconds, kept as sorted, disjoint [start, end] pairs.

Pure functions with no Django: progress services and the retention curve build on them.
"""

import math
from collections.abc import Iterable

Interval = tuple[float, float]


def normalise(intervals: Iterable[Iterable[float]]) -> list[Interval]:
    """Sort and merge overlapping or touching intervals; drop empty or reversed ones."""
    pairs = sorted((float(start), float(end)) for start, end in intervals if float(end) > float(start))
    merged: list[Interval] = []
    for start, end in pairs:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def clamp(intervals: Iterable[Interval], *, low: float, high: float) -> list[Interval]:
    """Cut every interval to [low, high]; what falls wholly outside disappears."""
    return normalise((max(start, low), min(end, high)) for start, end in intervals)


def total(intervals: Iterable[Interval]) -> float:
    return sum(end - start for start, end in intervals)


def subtract(intervals: list[Interval], taken: list[Interval]) -> list[Interval]:
    """The parts of `intervals` not covered by `taken` (both normalised)."""
    result: list[Interval] = []
    for start, end in intervals:
        cursor = start
        for t_start, t_end in taken:
            if t_end <= cursor or t_start >= end:
                continue
            if t_start > cursor:
                result.append((cursor, t_start))
            cursor = max(cursor, t_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def truncate(intervals: list[Interval], budget: float) -> list[Interval]:
    """The earliest `budget` seconds of `intervals` (normalised)."""
    result: list[Interval] = []
    for start, end in intervals:
        if budget <= 0:
            break
        take = min(end - start, budget)
        result.append((start, start + take))
        budget -= take
    return result


def covered_within(intervals: Iterable[Interval], *, start: float, end: float) -> float:
    """Seconds of [start, end] that `intervals` cover (normalised or not)."""
    if end <= start:
        return 0.0
    return total(clamp(intervals, low=start, high=end))


def range_coverage(intervals: Iterable[Interval], *, start: float, end: float) -> float:
    """Share (0–1) of the clip range [start, end] covered: what a clip-range assignment or
    pathway step completes on. An empty range counts as fully covered."""
    if end <= start:
        return 1.0
    return min(covered_within(intervals, start=start, end=end) / (end - start), 1.0)


def retention_curve(viewers: Iterable[Iterable[Interval]], *, duration: float, step: float = 1.0) -> list[int]:
    """How many viewers watched each `step`-second bucket of a video: a bucket counts a viewer
    whose intervals hold its middle (for a short last bucket, the middle of what is left).
    One entry per bucket, from 0 to `duration`. A difference array keeps it
    O(buckets + intervals), not buckets × viewers."""
    buckets = max(math.ceil(duration / step - 1e-9), 0)
    middles_end = buckets  # buckets whose middle is (i + 0.5) * step
    last_middle = None
    if buckets and duration < buckets * step - 1e-9:  # a short last bucket
        middles_end = buckets - 1
        last_middle = ((buckets - 1) * step + duration) / 2
    deltas = [0] * (buckets + 1)
    for intervals in viewers:
        for start, end in normalise(intervals):
            first = max(math.ceil(start / step - 0.5), 0)
            last = min(math.ceil(end / step - 0.5), middles_end)  # exclusive
            if first < last:
                deltas[first] += 1
                deltas[last] -= 1
            if last_middle is not None and start <= last_middle < end:
                deltas[buckets - 1] += 1
                deltas[buckets] -= 1
    curve, running = [], 0
    for i in range(buckets):
        running += deltas[i]
        curve.append(running)
    return curve

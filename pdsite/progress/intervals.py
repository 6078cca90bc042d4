"""Arithmetic on sets of watched seconds, kept as sorted, disjoint [start, end] pairs: the
one home of range coverage and of the retention curve (the department reports, pathway steps
and the heartbeat all use these).

Pure functions with no Django.
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
    """Seconds covered by normalised `intervals`."""
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


def range_seconds(intervals: Iterable[Iterable[float]], *, start: float, end: float) -> float:
    """Unique seconds of [start, end] that `intervals` cover (normalised or not); 0 for an
    empty or reversed range."""
    if end <= start:
        return 0.0
    return total(clamp(intervals, low=start, high=end))


def range_coverage(intervals: Iterable[Iterable[float]], *, start: float, end: float) -> float:
    """Share (0–1) of the clip range [start, end] covered: what a clip-range assignment or
    pathway step completes on.

    An empty or reversed range (end <= start) has nothing to watch and counts as 0, not as
    covered: a range that asks for nothing is not evidence that anything was watched. This
    is the rule the department reports always used for an empty part (coverage 0, so never
    complete); a pathway step cannot have one (PathwayStep.clean refuses end <= start)."""
    if end <= start:
        return 0.0
    return min(range_seconds(intervals, start=start, end=end) / (end - start), 1.0)


def viewers_per_second(viewers: Iterable[Iterable[Iterable[float]]], *, duration: float, step: float = 1.0) -> list[int]:
    """The retention curve: for each `step`-second bucket of a video (whole seconds by
    default), how many viewers watched any part of it. One entry per bucket, from 0 to
    `duration`, the last one possibly short.

    A bucket counts a viewer once when their intervals touch any part of it (an interval
    ending exactly on a bucket's start does not touch it); watching past the end of the last
    bucket is ignored. A difference array keeps it O(buckets + intervals), not
    buckets × viewers, so 10,000 viewers of a 10-minute clip stay cheap. Used by the
    department retention report and progress.selectors.retention_curve_for_video."""
    buckets = max(math.ceil(duration / step), 0)
    deltas = [0] * (buckets + 1)
    for watched in viewers:
        # Buckets touched (floor(start / step) .. ceil(end / step)), merged so a viewer counts once.
        touched = normalise(
            (math.floor(start / step), min(math.ceil(end / step), buckets))
            for start, end in clamp(normalise(watched), low=0.0, high=buckets * step)
        )
        for first, last in touched:
            deltas[int(first)] += 1
            deltas[int(last)] -= 1
    curve, running = [], 0
    for i in range(buckets):
        running += deltas[i]
        curve.append(running)
    return curve

"""Arithmetic on sets of watched seconds, kept as sorted, disjoint [start, end] pairs.

Pure functions with no Django: progress services and the retention curve build on them.
"""

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

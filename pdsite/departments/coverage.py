"""How much of a clip, or of one stretch of it, a teacher has watched. Pure; no Django."""

from collections.abc import Iterable

from pdsite.courses import intervals as iv


def range_seconds(watched: Iterable[Iterable[float]], *, start: float, end: float) -> float:
    """Unique seconds of `watched` ([[s, e], ...]) that fall inside [start, end]."""
    if end <= start:
        return 0.0
    return iv.total(iv.clamp(iv.normalise(watched), low=start, high=end))


def range_coverage(watched: Iterable[Iterable[float]], *, start: float, end: float) -> float:
    """Share (0–1) of [start, end] covered by `watched`; 0 for an empty range."""
    if end <= start:
        return 0.0
    return min(range_seconds(watched, start=start, end=end) / (end - start), 1.0)


def viewers_per_second(records: Iterable[Iterable[Iterable[float]]], *, duration: float) -> list[int]:
    """Retention curve: for each whole second 0..ceil(duration)-1, how many records watched it.

    A second counts for a viewer when their intervals cover any part of it. One pass over the
    interval ends (a difference array), so 10,000 viewers of a 10-minute clip stay cheap.
    """
    length = max(int(-(-duration // 1)), 0)
    delta = [0] * (length + 1)
    for watched in records:
        # Whole seconds touched (floor(start) .. ceil(end)), merged so a viewer counts once.
        seconds = iv.normalise(
            (int(start), min(int(-(-end // 1)), length))
            for start, end in iv.clamp(iv.normalise(watched), low=0.0, high=float(length))
        )
        for first, last in seconds:
            delta[int(first)] += 1
            delta[int(last)] -= 1
    curve, running = [], 0
    for second in range(length):
        running += delta[second]
        curve.append(running)
    return curve

"""How many new seconds a progress report may credit: the forged-report budget. Pure; no Django.

A viewer's reports for one video fall into credit windows. A window opens at the first
report (and again after a long silence, or once it is old), and over its life it may credit
at most the wall time since it opened × the top playback rate, plus ONE slack allowance for
what the first report carries. A player reporting every few seconds at up to the top rate
never exceeds that, so real playback (1×, 2×, pauses, seeks, two tabs at 1×) counts exactly
what was watched; a forger replaying `[[0, duration]]` gains the slack once, not per report,
and budget left unused cannot be saved up across breaks or days.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CreditWindow:
    started_at: datetime | None
    credited: float  # new seconds this window has already credited


@dataclass(frozen=True)
class BudgetRules:
    rate: float  # the top playback rate the player offers
    slack: float  # one allowance per window: the first report's seconds and clock jitter
    idle_seconds: float  # a report after this long without one opens a new window
    max_window_seconds: float  # a window this old is closed and a new one opens


def credit_window_for(
    window: CreditWindow, *, now: datetime, last_report_at: datetime | None, rules: BudgetRules
) -> CreditWindow:
    """The window a report arriving at `now` counts in: `window`, or a new one if it never
    began, the viewer was silent for `idle_seconds`, or it is `max_window_seconds` old."""
    if (
        window.started_at is None
        or last_report_at is None
        or (now - last_report_at).total_seconds() > rules.idle_seconds
        or (now - window.started_at).total_seconds() > rules.max_window_seconds
    ):
        return CreditWindow(started_at=now, credited=0.0)
    return window


def seconds_allowed(window: CreditWindow, *, now: datetime, rules: BudgetRules) -> float:
    """New seconds the window may still credit: wall time × rate + slack − credited (≥ 0)."""
    elapsed = max((now - window.started_at).total_seconds(), 0.0)
    return max(elapsed * rules.rate + rules.slack - window.credited, 0.0)

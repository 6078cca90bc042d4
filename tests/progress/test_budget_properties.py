"""Property tests of the forged-report budget (progress/budget.py) with the interval rules
(progress/intervals.py), replaying the server's merge in pure Python: honest players never
lose a watched second; no sequence of reports credits more than wall time allows."""

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pdsite.progress import intervals
from pdsite.progress.budget import BudgetRules, CreditWindow, credit_window_for, seconds_allowed

RULES = BudgetRules(rate=2.0, slack=12.0, idle_seconds=1800.0, max_window_seconds=6 * 3600.0)
DURATION = 600.0
START = datetime(2026, 12, 1, 9, 0)


class Server:
    """The heartbeat's merge for one record, as progress_record_heartbeat does it."""

    def __init__(self):
        self.stored: list[intervals.Interval] = []
        self.window = CreditWindow(started_at=None, credited=0.0)
        self.last_report_at = None

    def report(self, ranges, now: datetime) -> None:
        reported = intervals.clamp(intervals.normalise(ranges), low=0.0, high=DURATION)
        new = intervals.subtract(reported, self.stored)
        self.window = credit_window_for(self.window, now=now, last_report_at=self.last_report_at, rules=RULES)
        accepted = intervals.truncate(new, seconds_allowed(self.window, now=now, rules=RULES))
        self.window = CreditWindow(self.window.started_at, self.window.credited + intervals.total(accepted))
        self.stored = intervals.normalise([*self.stored, *accepted])
        self.last_report_at = now

    @property
    def seconds(self) -> float:
        return intervals.total(self.stored)


# One action of a real player between two reports: play for some seconds at a rate, or seek.
actions = st.lists(
    st.tuples(
        st.sampled_from(["play", "seek", "pause"]),
        st.floats(min_value=0.5, max_value=10.0),  # wall seconds until the next report
        st.sampled_from([0.5, 1.0, 1.5, 2.0]),  # playback rate
        st.floats(min_value=0.0, max_value=DURATION),  # where a seek lands
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(actions)
def test_honest_playback_is_counted_exactly_when_reported_every_few_seconds(steps):
    server, now, position, played = Server(), START, 0.0, []
    for kind, wall, rate, target in steps:
        if kind == "seek":
            position = target
        elif kind == "pause":
            wall *= 400  # a pause of up to ~1 hour: the next report may open a new window
        elif kind == "play":
            server.report(played, now)  # the player's "playing" report as playback starts
            end = min(position + wall * rate, DURATION)
            played.append((position, end))
            position = end
        now += timedelta(seconds=wall)
        server.report(played, now)  # the player sends everything played since the page opened
    assert server.seconds == intervals.total(intervals.normalise(played))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=4000.0),  # wall seconds since the previous report
            st.lists(st.tuples(st.floats(0, DURATION), st.floats(0, DURATION)), max_size=5),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_no_reports_credit_more_than_wall_time_allows_when_forged(reports):
    server, now = Server(), START
    windows: list[tuple[datetime, datetime]] = []  # (opened, last report) of each window
    for gap, pairs in reports:
        now += timedelta(seconds=gap)
        before = server.seconds
        server.report([(min(a, b), max(a, b)) for a, b in pairs], now)
        assert server.seconds >= before  # a report never loses a stored second
        if not windows or windows[-1][0] != server.window.started_at:
            windows.append((server.window.started_at, now))
        windows[-1] = (windows[-1][0], now)
    # Every window credited at most its own wall time × rate + one slack.
    allowed = sum((last - opened).total_seconds() * RULES.rate + RULES.slack for opened, last in windows)
    assert server.seconds <= allowed + 1e-6

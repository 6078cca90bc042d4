"""Viewing through the real progress service as a real player reports it, with wall time.

The server credits new seconds from a window that grows with wall time (progress/budget.py),
so a test that reports several ranges back to back must also let time pass between them:
`age_viewing` moves a record's clock back instead of sleeping.
"""

from datetime import timedelta

from pdsite.progress.models import ViewingRecord
from pdsite.progress.services import progress_record_heartbeat


def age_viewing(record: ViewingRecord, seconds: float) -> None:
    """Pretend the record's last report arrived, and its credit window opened, `seconds` earlier."""
    record.refresh_from_db()
    shift = timedelta(seconds=seconds)
    ViewingRecord.objects.filter(pk=record.pk).update(
        last_report_at=record.last_report_at - shift,
        credit_window_started_at=record.credit_window_started_at - shift,
    )


def watch(user, video, *ranges, every: float = 10.0, on_commit=None) -> ViewingRecord:
    """Report each (start, end) range in turn, `every` seconds of wall time apart (a player
    opens its window with a report when playback starts). `on_commit`: the
    django_capture_on_commit_callbacks fixture, to run each report's on-commit work."""
    record = progress_record_heartbeat(user=user, video=video, ranges=[])
    for start, end in ranges:
        age_viewing(record, every)
        if on_commit is None:
            record = progress_record_heartbeat(user=user, video=video, ranges=[[start, end]])
        else:
            with on_commit(execute=True):
                record = progress_record_heartbeat(user=user, video=video, ranges=[[start, end]])
    record.refresh_from_db()
    return record

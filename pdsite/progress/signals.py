"""Signals progress sends for other apps to hook into (pathways refreshes its watch steps on
viewing_progressed: pdsite.pathways.signal_handlers).

`viewing_progressed(sender=ViewingRecord, user, video, record, completed_now)` is sent after
the transaction that added new watched seconds to `record` has committed (never for a report
that changed nothing). `completed_now` is True on the one report that completed the video.
Receivers must be quick or enqueue a task: they run inside the heartbeat request.
"""

from django.dispatch import Signal

viewing_progressed = Signal()

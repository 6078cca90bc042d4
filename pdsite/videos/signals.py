"""Signals other parts of pdsite listen to, so the video pipeline need not know them.

Search listens to `transcript_changed` (pdsite/search/signal_handlers.py); the videos app
itself listens to `video_status_changed` (transcripts/signal_handlers.py).
"""

from django.dispatch import Signal

# Sent by services.video_transition after a video's status has changed and been saved,
# with `video` and `previous` (the status before). Receivers run inside the caller's
# transaction: defer real work with transaction.on_commit.
video_status_changed = Signal()

# Sent by the transcripts services after a transaction that changed a transcript (its cues,
# or its status) has committed, with `video_id` and `language` (sender: Transcript).
# `bulk_create` sends no model signals, so this is how others learn of new cues.
transcript_changed = Signal()

"""Signals other parts of pdsite listen to, so the video pipeline need not know them."""

from django.dispatch import Signal

# Sent by services.video_transition after a video's status has changed and been saved,
# with `video` and `previous` (the status before). Receivers run inside the caller's
# transaction: defer real work with transaction.on_commit.
video_status_changed = Signal()

"""Who may see a lesson recording: its owner, and the people it is shared with.

Registered in the one video rule (`pdsite.videos.access`) by LessonsConfig.ready().
Implemented in issue #14's recordings work.
"""


def recording_grant(viewer, video_ids: frozenset[int]) -> set[int]:
    """The private videos among `video_ids` whose recording `viewer` owns or has a live share of."""
    return set()


def recording_window(viewer, video) -> list[tuple[float, float]] | None:
    """None when `viewer` may see the whole recording (owner, a whole-recording share), else the
    ranges of their live clip shares ([] when none)."""
    return []

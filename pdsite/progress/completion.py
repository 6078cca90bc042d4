"""Completion rules: the share of a video a teacher must watch for it to count as completed.

The site default is `PDSITE_COMPLETION_THRESHOLD`; a clip page (courses.PDVideoPage) may set
a stricter or looser one, never below LOWEST_THRESHOLD. Completion itself is edge-triggered
in services.progress_record_heartbeat.
"""

from django.conf import settings
from django.db.models import Min

from pdsite.courses.models import PDVideoPage

# A page may lower the threshold only this far; below it no lookup is needed.
LOWEST_THRESHOLD = 0.5


def completion_threshold_for(video) -> float:
    """The share of a video a teacher must watch: the strictest threshold of the clip pages
    showing it, else the site default. The token heartbeat path has read it with the video
    (`video.pdsite_page_threshold`, selectors.heartbeat_token_viewer)."""
    if hasattr(video, "pdsite_page_threshold"):
        threshold = video.pdsite_page_threshold
    else:
        threshold = PDVideoPage.objects.filter(video=video, completion_threshold__isnull=False).aggregate(
            value=Min("completion_threshold")
        )["value"]
    return threshold if threshold is not None else settings.PDSITE_COMPLETION_THRESHOLD

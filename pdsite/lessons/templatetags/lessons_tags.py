"""Template tags of the recordings pages: `recording_player` (the PD clip player, made for a
lesson recording: no download, no stream link, the viewer's name over the picture) and the
`clock` filter for clip ranges."""

from django import template

from pdsite.videos.pipeline.vtt import format_clock
from pdsite.videos.templatetags.pdsite_video import video_player

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """754.2 -> "12:34"."""
    return "" if seconds in (None, "") else format_clock(float(seconds))


@register.inclusion_tag("lessons/_player.html", takes_context=True)
def recording_player(context, recording, viewer_name: str, window=None):
    """The player for `recording`'s video, as `video_player` builds it (the rule has been
    asked; playlists, captions and thumbnails are cut to the viewer's windows by the server),
    with `viewer_name` over the picture. `window`: the (start, end) of the clip share the page
    was opened through, said above the player."""
    data = video_player(context, recording.video)
    data.update(viewer_name=viewer_name, window=window)
    return data

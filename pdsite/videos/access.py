"""Who may see a video: the one rule, asked by every view, media URL, list and heartbeat.

Deny by default. A viewer may see a video when a *grant* says so. The grants:

- here, built in: a superuser; anyone who may see or edit videos or transcripts in the admin
  (`videos.view_video`, `videos.change_video`, `videos.view_transcript`: PD leads, reviewers,
  transcript editors), so previews of unpublished clip pages and the transcript editor play;
- `pdsite.courses` (courses/access.py, registered in CoursesConfig.ready()): a live clip page
  (`PDVideoPage.video`) shows the video and that page's Wagtail view restrictions (signed-in
  only, groups, password) let the viewer in. Module, unit and idea pages only *link* to clip
  pages (ClipBlock, clip lists), so they grant nothing of their own: an unpublished clip page
  hides its video even where a live module still lists it;
- `pdsite.lessons` (lessons/access.py): a teacher's own lesson recording (`Video.private`) is
  seen by its owner and by the people it is shared with (by name, team or group, until the
  share ends or is revoked). A private video is never seen through the built-in grants above:
  not by a superuser, not by PD leads. Only registered grants can let anyone see it.

A viewer may be allowed only part of a private video (a clip share): `video_windows(viewer,
video)` gives the time ranges it may see, or None for the whole video. Playlists list only the
segments inside them, captions and thumbnails keep only the cues inside them, and the media view
asks again for every file of a private video, so a revoked share stops at once. Apps register
a window function with `video_window_register(window)` beside their grant.

Other apps register with `video_grant_register(grant)` from their AppConfig.ready(), because
this app imports no other pdsite app. A grant is `grant(viewer, video_ids) -> set[int]`: the
ids among `video_ids` it lets the viewer see, so one call answers a whole list. `viewer` is a
request (password restrictions are remembered in its session) or a bare user (exports, tasks:
as a request with an empty session).

Who asks:
- `videos.views` (playlists, captions, thumbnails) and the transcript downloads, through
  `video_get_visible_or_404`: an unknown id and a forbidden one raise the same Http404;
- the media view does not ask again for other videos: its token (selectors.media_url) is
  handed out only in a playlist or track this rule allowed, names that user and that video's
  HLS files, and lives PDSITE_MEDIA_URL_SECONDS (every playlist fetch signs afresh). For a
  private video it asks again, rule and windows, for every file (videos.private_media), and
  such a file is never handed out as a presigned S3 URL;
- the heartbeat (progress.views): a video the viewer may not see answers like an unknown one.
  Its token fast path (progress.middleware) checks only "a live clip page shows the video" in
  its one query, since its token was issued by a clip page the viewer could open; a report it
  cannot vouch for goes down the session path, which asks this rule in full;
- lists (search results, My learning) filter with `visible_video_ids` or, for pages, with
  `courses.access.visible_clip_pages`, the same rule, so a list never offers what its detail
  would refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest

from .models import Video

Grant = Callable[[Any, frozenset[int]], set[int]]
# window(viewer, video) -> None (the whole video), a list of (start, end) seconds, or [] (none
# of it: this function does not speak for the viewer). Asked only for private videos.
Window = Callable[[Any, Video], "list[tuple[float, float]] | None"]

# One message for "no such video" and "not yours to see", so neither can be told apart.
NOT_FOUND = "No such video."

ADMIN_PERMISSIONS = ("videos.view_video", "videos.change_video", "videos.view_transcript")

_GRANTS: list[Grant] = []
_WINDOWS: list[Window] = []


class UserViewer:
    """A bare user as the grants expect a viewer: `.user`, and a session that holds nothing
    (so no password restriction counts as passed)."""

    def __init__(self, user):
        self.user = user if user is not None else AnonymousUser()
        self.session: dict = {}


def as_viewer(viewer) -> Any:
    """The request itself, or a UserViewer around a user (or None: anonymous)."""
    return viewer if isinstance(viewer, (HttpRequest, UserViewer)) else UserViewer(viewer)


def _not_private(video_ids: frozenset[int]) -> set[int]:
    """The ids among `video_ids` that are not private recordings. One query."""
    return set(Video.objects.filter(pk__in=video_ids, private=False).values_list("pk", flat=True))


def superuser_grant(viewer, video_ids: frozenset[int]) -> set[int]:
    """A superuser sees every video except private recordings."""
    user = viewer.user
    return _not_private(video_ids) if user.is_active and user.is_superuser else set()


def admin_grant(viewer, video_ids: frozenset[int]) -> set[int]:
    """People who work on videos in the admin see every video except private recordings
    (previews, the transcript editor). Asked last: loading permissions costs queries the page
    grant usually saves."""
    user = viewer.user
    if user.is_authenticated and user.is_active and any(user.has_perm(p) for p in ADMIN_PERMISSIONS):
        return _not_private(video_ids)
    return set()


def video_grant_register(grant: Grant) -> None:
    """Add a grant (see the module docstring). Call from AppConfig.ready(); twice is a no-op."""
    if grant not in _GRANTS:
        _GRANTS.append(grant)


def video_window_register(window: Window) -> None:
    """Add a window function (see the module docstring). Call from AppConfig.ready()."""
    if window not in _WINDOWS:
        _WINDOWS.append(window)


def video_windows(viewer, video: Video) -> list[tuple[float, float]] | None:
    """The parts of `video` that `viewer` may see: None for all of it (every video that is not
    private), else the sorted, merged (start, end) ranges the registered windows allow. Call it
    only after the grant said yes; an empty list means nothing may be played."""
    if not video.private:
        return None
    viewer = as_viewer(viewer)
    ranges: list[tuple[float, float]] = []
    for window in _WINDOWS:
        allowed = window(viewer, video)
        if allowed is None:
            return None
        ranges.extend(allowed)
    merged: list[tuple[float, float]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def visible_video_ids(viewer, video_ids: Iterable[int]) -> set[int]:
    """The ids among `video_ids` that `viewer` (a request or a user) may see. Each grant asks
    only about the ids the grants before it refused."""
    viewer = as_viewer(viewer)
    remaining = frozenset(video_ids)
    visible: set[int] = set()
    for grant in (superuser_grant, *_GRANTS, admin_grant):
        if not remaining:
            break
        granted = grant(viewer, remaining) & remaining
        visible |= granted
        remaining = remaining - granted
    return visible


def video_visible_to(viewer, video: Video | None) -> bool:
    """May `viewer` (a request or a user) see `video`? False for None (no such video)."""
    return video is not None and video.pk in visible_video_ids(viewer, [video.pk])


def video_get_visible_or_404(viewer, video_id: int, *, queryset=None) -> Video:
    """The video `viewer` may see; raises the same Http404 whether it does not exist or may
    not be seen. `queryset` narrows what is loaded (e.g. `.only(...)`)."""
    video = (queryset if queryset is not None else Video.objects.all()).filter(pk=video_id).first()
    if not video_visible_to(viewer, video):
        raise Http404(NOT_FOUND)
    return video

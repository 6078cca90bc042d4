"""Which clip pages a viewer may open, and so which videos courses lets them see.

A clip page (PDVideoPage) is open to a viewer when it is live and every Wagtail view
restriction on it or an ancestor (signed-in only, groups, password) accepts the viewer, as
Wagtail's own page serving decides. `clip_page_grant` is courses' grant in the one video
rule (`pdsite.videos.access`): a video is visible through the open clip pages that show it.
Lists of clips (search, My learning) filter with `visible_clip_pages`, the same test.

Only PDVideoPage.video shows a video: module pages (ClipBlock), unit and idea pages link to
clip pages and never embed the player, so they grant nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

from pdsite.videos.access import as_viewer

from .models import PDVideoPage


def visible_clip_pages(viewer, pages) -> list[PDVideoPage]:
    """The live pages of the queryset `pages` that `viewer` (a request or a user) may open,
    in the queryset's order. One query when no view restriction covers them; one more for
    the restrictions when some do (plus Wagtail's group check per group restriction met)."""
    viewer = as_viewer(viewer)
    # A restriction covers a page when it sits on the page or an ancestor: its path is a
    # prefix of the page's path (Wagtail's materialised path).
    covering = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    pages = list(pages.live().annotate(pdsite_restricted=Exists(covering)))
    restricted = [page for page in pages if page.pdsite_restricted or page.alias_of_id]
    if not restricted:
        return pages
    prefixes = {page.path[:end] for page in restricted for end in range(page.steplen, len(page.path) + 1, page.steplen)}
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=prefixes).select_related("page").prefetch_related("groups")
    )

    def restrictions_on(page):
        if page.alias_of_id:  # an alias takes its source's restrictions: Wagtail resolves that
            return page.get_view_restrictions()
        return [r for r in restrictions if page.path.startswith(r.page.path)]

    return [
        page
        for page in pages
        if not (page.pdsite_restricted or page.alias_of_id) or all(r.accept_request(viewer) for r in restrictions_on(page))
    ]


def clip_pages_for_videos(viewer, video_ids: Iterable[int], pages=None) -> dict[int, PDVideoPage]:
    """{video id: the newest clip page showing it that `viewer` may open}. `pages` is the
    queryset to choose from (to add select_related/prefetch); default all clip pages."""
    pages = PDVideoPage.objects.all() if pages is None else pages
    chosen: dict[int, PDVideoPage] = {}
    ordered = pages.filter(video_id__in=list(video_ids)).order_by("-first_published_at", "-pk")
    for page in visible_clip_pages(viewer, ordered):
        chosen.setdefault(page.video_id, page)
    return chosen


def clip_page_grant(viewer, video_ids: frozenset[int]) -> set[int]:
    """Courses' grant: the videos some open clip page shows."""
    pages = PDVideoPage.objects.only("pk", "path", "depth", "video_id", "alias_of", "live")
    return {page.video_id for page in visible_clip_pages(viewer, pages.filter(video_id__in=video_ids))}

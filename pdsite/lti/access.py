"""What a launch may open (the one rule for LTI pages): a clip through courses' clip rule, a
module when it is live and its view restrictions accept the viewer — exactly what the site
itself shows the same person. Choosing content (Deep Linking) is for the LMS's teaching roles."""

from __future__ import annotations

from pdsite.courses.access import visible_clip_pages
from pdsite.courses.models import PDModulePage, PDVideoPage
from pdsite.videos.access import as_viewer

# LIS roles that may pick content for a course (Deep Linking), per the LTI 1.3 role vocabulary.
PICKING_ROLES = (
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
    "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator",
)


def page_is_open(viewer, page) -> bool:
    viewer = as_viewer(viewer)
    return page.live and all(restriction.accept_request(viewer) for restriction in page.get_view_restrictions())


def clip_for_viewer(viewer, page_id: int) -> PDVideoPage | None:
    """The clip page `viewer` may open, or None (unknown or not theirs: the same answer)."""
    found = visible_clip_pages(viewer, PDVideoPage.objects.filter(pk=page_id, video__isnull=False))
    return found[0] if found else None


def module_for_viewer(viewer, page_id: int) -> PDModulePage | None:
    page = PDModulePage.objects.filter(pk=page_id).first()
    return page if page is not None and page_is_open(viewer, page) else None


def may_pick_content(roles: list[str]) -> bool:
    return any(role in PICKING_ROLES for role in roles)

"""Reads: the registrations a launch may come from, the tool's keys, and what a picker offers."""

from __future__ import annotations

from pdsite.courses.access import visible_clip_pages
from pdsite.courses.models import PDModulePage, PDVideoPage

from .keys import public_jwk
from .models import GradeLink, PlatformRegistration, ToolKey


def registration_get(*, issuer: str, client_id: str | None) -> PlatformRegistration | None:
    """The active registration for this issuer and client id (None: unknown). Without a client id
    (an OIDC login may omit it) the issuer must have exactly one active registration."""
    registrations = PlatformRegistration.objects.filter(issuer=issuer, is_active=True)
    if client_id:
        return registrations.filter(client_id=client_id).first()
    found = list(registrations[:2])
    return found[0] if len(found) == 1 else None


def signing_key_get() -> ToolKey | None:
    """The newest unretired key: the one the tool signs with."""
    return ToolKey.objects.filter(retired_at__isnull=True).first()


def tool_jwks() -> dict:
    """The tool's public key set: every unretired key, newest first."""
    keys = ToolKey.objects.filter(retired_at__isnull=True).only("kid", "public_key")
    return {"keys": [public_jwk(kid=key.kid, public_pem=key.public_key) for key in keys]}


def platform_origins() -> list[str]:
    """The origins of the active platforms: the frame ancestors LTI pages allow."""
    registrations = PlatformRegistration.objects.filter(is_active=True).only("auth_login_url", "issuer", "frame_origins")
    return sorted({origin for registration in registrations for origin in registration.origins})


def picker_clips(*, user) -> list[PDVideoPage]:
    """The clips `user` may open, by title: what a deep-linking picker offers."""
    pages = PDVideoPage.objects.filter(video__isnull=False).order_by("title")
    return visible_clip_pages(user, pages)


def picker_modules(*, user) -> list[PDModulePage]:
    """The live PD modules `user` may open, by title."""
    from .access import page_is_open

    return [page for page in PDModulePage.objects.live().order_by("title") if page_is_open(user, page)]


def grade_link_sql(quote, user_pk: str, video_pk: str) -> str:
    """SQL for "this user has a grade link for this video": the flag the progress token
    heartbeat sets as `user.pdsite_grades_video` (progress.selectors.heartbeat_viewer_flag_register)."""
    meta = GradeLink._meta
    user, video = quote(meta.get_field("user").column), quote(meta.get_field("video").column)
    return f"EXISTS(SELECT 1 FROM {quote(meta.db_table)} g WHERE g.{user} = {user_pk} AND g.{video} = {video_pk})"

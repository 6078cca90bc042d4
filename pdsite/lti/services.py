"""Writes: rotating and retiring the tool's keys, and finding or making the pdsite account an LMS
user launches as."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .keys import rsa_key_pair_generate
from .models import LtiAccount, PlatformRegistration, ToolKey

# How long a launch's nonce is remembered as used: longer than any id_token lives.
NONCE_MEMORY_SECONDS = 24 * 3600
# New LMS accounts join the site's teachers (the group real teachers are put in).
NEW_ACCOUNT_GROUP = "Teachers"


class LaunchRefused(Exception):
    """A launch that is valid LTI but that pdsite will not honour; the message is for the person."""


@transaction.atomic
def tool_key_rotate() -> ToolKey:
    """Add a new signing key. The older keys stay in the JWKS until `tool_key_retire`."""
    kid, private, public = rsa_key_pair_generate()
    return ToolKey.objects.create(kid=kid, private_key=private, public_key=public)


@transaction.atomic
def tool_key_retire(*, key: ToolKey) -> ToolKey:
    """Take `key` out of the JWKS (no-op when already retired)."""
    if key.retired_at is None:
        key.retired_at = timezone.now()
        key.save(update_fields=["retired_at"])
    return key


def launch_nonce_consume(*, issuer: str, nonce: str) -> None:
    """Mark a validated launch's nonce used; raises LaunchRefused when it was used before (a
    replayed id_token). pylti1p3 checks the nonce was issued by our login step but does not
    spend it, so we do (cache.add is atomic)."""
    if not cache.add(f"pdsite-lti-nonce:{issuer}:{nonce}", True, NONCE_MEMORY_SECONDS):
        raise LaunchRefused("This launch was already used. Open the link from your course again.")


def _unique_username(base: str) -> str:
    User = get_user_model()
    base = (slugify(base) or "lti-user")[:120]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def lti_account_user(
    *, registration: PlatformRegistration, sub: str, email: str = "", given_name: str = "", family_name: str = ""
):
    """The pdsite user this LMS user (registration + sub) launches as.

    An existing link wins. Otherwise an account with the same email (case-insensitive) is linked,
    unless it is staff or a superuser: a platform's administrator must not be able to sign in as
    a pdsite administrator by naming their email (LaunchRefused). Otherwise a new account is
    made, in the Teachers group, with no usable password, and linked.
    """
    link = LtiAccount.objects.select_related("user").filter(registration=registration, sub=sub).first()
    if link is not None:
        if not link.user.is_active:
            raise LaunchRefused("Your pdsite account is switched off. Ask your school's PD lead.")
        return link.user
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first() if email else None
    if user is not None and (user.is_staff or user.is_superuser):
        raise LaunchRefused("An administrator's account cannot be opened from a course. Sign in to pdsite directly.")
    if user is not None and not user.is_active:
        raise LaunchRefused("Your pdsite account is switched off. Ask your school's PD lead.")
    if user is None:
        user = User(
            username=_unique_username(email.split("@")[0] if email else f"lti-{sub}"),
            email=email,
            first_name=given_name[:150],
            last_name=family_name[:150],
        )
        user.set_unusable_password()
        user.save()
        group = Group.objects.filter(name=NEW_ACCOUNT_GROUP).first()
        if group is not None:
            user.groups.add(group)
    try:
        with transaction.atomic():
            LtiAccount.objects.create(registration=registration, sub=sub, user=user)
    except IntegrityError:  # a simultaneous first launch linked it: use that link
        return LtiAccount.objects.get(registration=registration, sub=sub).user
    return user

"""Which single sign-ins are accepted, and into which school: the one set of checks (pure: no
ORM, no request; the adapters hand it the provider's claims and the schools' rules).

A sign-in is accepted only when all of these hold, checked on the server from the ID token or
userinfo the site itself fetched from the provider (an account picker's hint is not a check):
- it carries an email address whose domain is one a school lists (`SchoolRules.domains`);
- Google: the `hd` (hosted domain) claim is present, so it is a Workspace account, and equals
  that email's domain; `email_verified` is true;
- Microsoft Entra ID: the `tid` (tenant) claim equals the school's tenant id, and `iss` is that
  tenant's issuer. Entra sends no `email_verified`; the school's own directory vouches for its
  addresses, so the email counts as verified exactly when the tenant is the school's;
- any other OpenID Connect provider: `email_verified` is true.
Each refusal says why, in words for the person who was refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENTRA = "entra"
GOOGLE = "google"
ENTRA_ISSUER = "https://login.microsoftonline.com/{tid}/v2.0"
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True)
class SchoolRules:
    """One school's sign-in settings, as the policy sees them."""

    school_id: int
    name: str
    domains: tuple[str, ...]
    entra_tenant_id: str = ""


@dataclass(frozen=True)
class Identity:
    """What a provider said about the person (claims already fetched and decoded by allauth)."""

    provider: str  # allauth's provider id: "entra", "google", "oidc", …
    email: str
    email_verified: bool
    hosted_domain: str = ""  # Google `hd`
    tenant_id: str = ""  # Entra `tid`
    issuer: str = ""


@dataclass(frozen=True)
class Decision:
    """Accepted (`refusal` empty) into `school_id`, or refused with the reason to show."""

    email: str
    school_id: int | None = None
    school_name: str = ""
    refusal: str = ""

    @property
    def accepted(self) -> bool:
        return not self.refusal

    @property
    def email_verified(self) -> bool:
        """Only an accepted sign-in's email is taken as verified (for linking accounts)."""
        return self.accepted


def parse_domains(text: str, *, strict: bool = False) -> list[str]:
    """Domains from a textarea (lines or commas), lower case, without a leading "@", in order,
    once each. `strict`: raise ValueError naming the first entry that is not a domain."""
    domains: list[str] = []
    for raw in re.split(r"[\s,;]+", text or ""):
        domain = raw.strip().lower().lstrip("@").rstrip(".")
        if not domain:
            continue
        if not DOMAIN.match(domain):
            if strict:
                raise ValueError(f"“{raw}” is not an email domain (for example greenfield.sch.uk).")
            continue
        if domain not in domains:
            domains.append(domain)
    return domains


def email_domain(email: str) -> str:
    local, at, domain = (email or "").strip().rpartition("@")
    return domain.lower() if at and local else ""


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


def identity_from(provider: str, extra_data: dict) -> Identity:
    """The Identity in allauth's `SocialAccount.extra_data` for `provider`.

    Google's extra data is the ID token's claims; an OpenID Connect app's is
    {"id_token": claims, "userinfo": claims} (either may be missing). The tenant and issuer are
    only ever read from the ID token, never from userinfo.
    """
    if "id_token" in extra_data or "userinfo" in extra_data:
        id_token = extra_data.get("id_token") or {}
        claims = {**id_token, **(extra_data.get("userinfo") or {})}
    else:
        id_token = claims = extra_data
    email = claims.get("email") or ""
    if provider == ENTRA and not email:
        # Entra sends `email` only when the app asks for it as an optional claim; the sign-in name
        # (UPN) is the school's address in its directory.
        email = claims.get("preferred_username") or ""
    return Identity(
        provider=provider,
        email=str(email).strip(),
        email_verified=_truthy(claims.get("email_verified")),
        hosted_domain=str(id_token.get("hd") or "").lower(),
        tenant_id=str(id_token.get("tid") or "").lower(),
        issuer=str(id_token.get("iss") or ""),
    )


def decide(identity: Identity, schools: list[SchoolRules]) -> Decision:
    """Accept `identity` into the school its email domain belongs to, or refuse it (see the
    module docstring for the checks)."""
    email = identity.email.lower()
    domain = email_domain(email)
    if not domain:
        return Decision(email=email, refusal="Your sign-in did not tell us an email address, so we cannot tell which school you belong to.")
    school = next((s for s in schools if domain in s.domains), None)
    if school is None:
        return Decision(
            email=email,
            refusal=f"{domain} is not the email domain of a school that uses pdsite. Sign in with your "
            "school account, or ask your school to add its domain.",
        )

    def refuse(reason: str) -> Decision:
        return Decision(email=email, school_id=school.school_id, school_name=school.name, refusal=reason)

    if identity.provider == GOOGLE:
        if not identity.hosted_domain:
            return refuse("This is a personal Google account. Sign in with your school's Google Workspace account.")
        if identity.hosted_domain != domain:
            return refuse(
                f"Your Google account belongs to {identity.hosted_domain}, not to {domain}. "
                "Sign in with your school's Google Workspace account."
            )
        if not identity.email_verified:
            return refuse("Google has not verified this email address.")
    elif identity.provider == ENTRA:
        if not school.entra_tenant_id:
            return refuse(f"{school.name} does not sign in with Microsoft 365. Use your school's other sign-in.")
        if identity.tenant_id != school.entra_tenant_id or identity.issuer != ENTRA_ISSUER.format(tid=identity.tenant_id):
            return refuse(
                f"Your Microsoft account is not in {school.name}'s Microsoft 365 directory. "
                "Sign in with your school account."
            )
    elif not identity.email_verified:
        return refuse("Your sign-in provider has not verified this email address.")
    return Decision(email=email, school_id=school.school_id, school_name=school.name)

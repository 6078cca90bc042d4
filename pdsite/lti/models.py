"""Platform registrations (one LMS + client id), the tool's signing keys, and the links from an
LMS user (platform + `sub`) to a pdsite account."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class PlatformRegistration(models.Model):
    """One LMS that may launch pdsite: the values its administrator gives when adding the tool."""

    name = models.CharField(max_length=120, help_text="Shown to administrators, e.g. “Trust Moodle”.")
    issuer = models.URLField(max_length=255, help_text="The platform's issuer (iss), e.g. https://moodle.example.org.")
    client_id = models.CharField(max_length=255, help_text="The client id the platform gave this tool.")
    deployment_ids = models.TextField(help_text="The deployment ids this registration accepts, one a line.")
    auth_login_url = models.URLField(max_length=500, help_text="The platform's OIDC authentication request URL.")
    auth_token_url = models.URLField(max_length=500, help_text="The platform's OAuth 2 access token URL (for grades and rosters).")
    key_set_url = models.URLField(max_length=500, help_text="The platform's public key set (JWKS) URL.")
    frame_origins = models.TextField(
        blank=True,
        help_text="Origins of the LMS pages that frame pdsite (https://school.instructure.com), one a line. "
        "Blank: the origin of the auth login URL.",
    )
    is_active = models.BooleanField(default=True, help_text="Untick to refuse every launch from this platform.")
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("issuer"), FieldPanel("client_id"), FieldPanel("deployment_ids")], heading="Identity"),
        MultiFieldPanel(
            [FieldPanel("auth_login_url"), FieldPanel("auth_token_url"), FieldPanel("key_set_url"), FieldPanel("frame_origins")],
            heading="Platform endpoints",
        ),
        FieldPanel("is_active"),
    ]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_registration_unique_client")]
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def deployments(self) -> list[str]:
        return [line.strip() for line in self.deployment_ids.splitlines() if line.strip()]

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the auth login URL."""
        return _origin(self.auth_login_url or self.issuer)

    @property
    def origins(self) -> list[str]:
        """The frame ancestors LTI pages allow for this platform."""
        listed = [line.strip().rstrip("/") for line in self.frame_origins.splitlines() if line.strip()]
        return listed or [self.origin]

    def clean(self):
        errors = {}
        if not self.deployments:
            errors["deployment_ids"] = "Give at least one deployment id."
        bad = [line for line in self.frame_origins.split() if _origin(line) != line.rstrip("/") or _origin(line)[:5] not in ("https", "http:")]
        if bad:
            errors["frame_origins"] = f"Give origins only (scheme://host[:port], nothing after): {', '.join(bad)}"
        if errors:
            raise ValidationError(errors)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class ToolKey(models.Model):
    """An RSA key pair of the tool. The newest unretired key signs; every unretired key is in the
    tool's JWKS, so a platform that cached the old key id keeps verifying until it is retired."""

    kid = models.CharField("key id", max_length=64, unique=True, editable=False)
    private_key = models.TextField(editable=False)
    public_key = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True, help_text="Once retired the key signs nothing and leaves the key set.")

    panels = [FieldPanel("retired_at")]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "tool key"

    def __str__(self):
        return self.kid


class LtiAccount(models.Model):
    """An LMS user (`sub` at one registration) and the pdsite account they use."""

    registration = models.ForeignKey(PlatformRegistration, on_delete=models.CASCADE, related_name="accounts")
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_accounts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "sub"], name="lti_account_unique_sub")]

    def __str__(self):
        return f"{self.sub} at {self.registration}"


class GradeLink(models.Model):
    """A clip launched from a graded LMS activity (Assignment and Grade Services): where to post
    this user's coverage of the video as their score, and the coverage last posted there."""

    registration = models.ForeignKey(PlatformRegistration, on_delete=models.CASCADE, related_name="grade_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_grade_links")
    video = models.ForeignKey("videos.Video", on_delete=models.CASCADE, related_name="lti_grade_links")
    sub = models.CharField(max_length=255, help_text="The user's id at the platform (the score's userId).")
    lineitem_url = models.URLField(max_length=500)
    scopes = models.JSONField(default=list)
    posted_coverage = models.FloatField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "user", "lineitem_url"], name="lti_grade_link_unique_lineitem")
        ]

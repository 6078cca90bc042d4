"""Security settings: sign-in throttling (django-axes) and the Content-Security-Policy.

Imported by base.py after storage is configured: `csp_policies(media_origins)` builds the
public and admin policies from the S3 origins the browser must reach.
"""

import os
from datetime import timedelta
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


# Both sign-in forms (/accounts/login/ and Wagtail's /admin/login/) lock a username at one
# address after this many failures in a row, for this long; a success clears the count.
# Administrators unlock under Settings > Locked sign-ins, or `manage.py axes_reset_username NAME`.
PDSITE_LOGIN_FAILURE_LIMIT = int(env("PDSITE_LOGIN_FAILURE_LIMIT", "5"))
PDSITE_LOGIN_COOLOFF_MINUTES = int(env("PDSITE_LOGIN_COOLOFF_MINUTES", "15"))
AXES_FAILURE_LIMIT = PDSITE_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=PDSITE_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
# The locked-out form is shown again with the message (pdsite/home/signin_lockout.py).
AXES_LOCKOUT_CALLABLE = "pdsite.home.signin_lockout.lockout_response"
# No django.contrib.admin here: the unlock screen is in the Wagtail admin.
AXES_ENABLE_ADMIN = False


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, the form a CSP source takes ("" for no URL)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def csp_policies(media_origins: list[str]) -> tuple[dict, dict]:
    """(CONTENT_SECURITY_POLICY, PDSITE_ADMIN_CONTENT_SECURITY_POLICY) for these media origins."""
    # The public site: scripts only from our static files or a tag carrying this response's nonce
    # ({{ CSP_NONCE }} / request.csp_nonce); no inline styles. hls.js plays through Media Source
    # Extensions (media-src blob:) and may start a blob: worker.
    public = {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF],
            "img-src": [SELF, "data:", *media_origins],
            "media-src": [SELF, "blob:", *media_origins],
            "connect-src": [SELF, *media_origins],
            "worker-src": [SELF, "blob:"],
            "font-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [SELF],
        }
    }
    # The Wagtail admin (everything under /admin/) still writes inline scripts and style attributes
    # (wagtail/wagtail#1288), so it gets 'unsafe-inline' and, for that to count, no nonce; uploads
    # go straight to S3 (connect-src), previews are framed by the admin, avatars come from Gravatar.
    admin = {
        "DIRECTIVES": {
            **public["DIRECTIVES"],
            "script-src": [SELF, UNSAFE_INLINE],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [SELF, "data:", "blob:", "www.gravatar.com", *media_origins],
            "frame-src": [SELF],
        }
    }
    return public, admin

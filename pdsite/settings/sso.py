"""Single sign-on settings (django-allauth, issue #16): Microsoft Entra ID, Google Workspace and
one generic OpenID Connect provider, each switched on by its client id's environment variable.

Imported by base.py, which adds SSO_APPS and SSO_MIDDLEWARE and puts SSO_PASSWORD_BACKEND in
place of Django's ModelBackend. Which sign-ins are accepted is decided per school (domains,
Entra tenant) by pdsite/accounts/policy.py, never by these settings.

Entra ID is configured as an OpenID Connect app, not with allauth's "microsoft" provider: that
one reads the profile from Microsoft Graph, which carries no tenant id, while the ID token of
the `organizations` endpoint does (`tid`). Its issuer names the tenant
(https://login.microsoftonline.com/{tid}/v2.0), so the discovery document's issuer template
cannot be compared by allauth: the policy checks `iss` against `tid` instead.
"""

import os
from urllib.parse import urlsplit


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


# pdsite.accounts first: its templates replace allauth's.
SSO_APPS = [
    "pdsite.accounts",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.openid_connect",
]
SSO_MIDDLEWARE = ["allauth.account.middleware.AccountMiddleware"]
# Password sign-in (both forms), refused for the staff of a school that turned passwords off.
SSO_PASSWORD_BACKEND = "pdsite.accounts.backends.SchoolPasswordBackend"

# allauth only for third-party sign-in: the site's own form stays the password sign-in, so
# allauth's local login, sign-up, password and email screens are not mounted at all.
SOCIALACCOUNT_ONLY = True
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False  # the sign-in buttons are POST forms (no login CSRF)
SOCIALACCOUNT_STORE_TOKENS = False
# Linking to an existing account is done by pdsite.accounts.adapters, on verified email only.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_ADAPTER = "pdsite.accounts.adapters.SchoolSocialAccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Wagtail's admin sign-in shows the same message as the site's when passwords are off.
WAGTAILADMIN_USER_LOGIN_FORM = "pdsite.accounts.forms.AdminSignInForm"

SSO_ENTRA_CLIENT_ID = env("PDSITE_SSO_ENTRA_CLIENT_ID")
SSO_GOOGLE_CLIENT_ID = env("PDSITE_SSO_GOOGLE_CLIENT_ID")
SSO_OIDC_CLIENT_ID = env("PDSITE_SSO_OIDC_CLIENT_ID")

SOCIALACCOUNT_PROVIDERS: dict = {"openid_connect": {"APPS": [], "OAUTH_PKCE_ENABLED": True}}
if SSO_ENTRA_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": "entra",
            "name": "Microsoft 365",
            "client_id": SSO_ENTRA_CLIENT_ID,
            "secret": env("PDSITE_SSO_ENTRA_SECRET"),
            "settings": {
                # organizations: any work or school tenant; which tenants are accepted is per school.
                "server_url": env(
                    "PDSITE_SSO_ENTRA_AUTHORITY", "https://login.microsoftonline.com/organizations/v2.0"
                ),
                "openid_configuration_overrides": {"issuer": None},
                "fetch_userinfo": False,  # Graph's userinfo has no tid: the ID token's claims count
                "oauth_pkce_enabled": True,
            },
        }
    )
if SSO_GOOGLE_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": SSO_GOOGLE_CLIENT_ID, "secret": env("PDSITE_SSO_GOOGLE_SECRET")}],
        "SCOPE": ["openid", "profile", "email"],
        # "*" makes Google's account picker show Workspace accounts only; the `hd` claim in the
        # ID token is what the server checks.
        "AUTH_PARAMS": {"hd": "*", "prompt": "select_account"},
        "OAUTH_PKCE_ENABLED": True,
    }
if SSO_OIDC_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": "oidc",
            "name": env("PDSITE_SSO_OIDC_NAME", "School account"),
            "client_id": SSO_OIDC_CLIENT_ID,
            "secret": env("PDSITE_SSO_OIDC_SECRET"),
            "settings": {"server_url": env("PDSITE_SSO_OIDC_SERVER_URL"), "oauth_pkce_enabled": True},
        }
    )

# The sign-in buttons post to pdsite, which redirects to the provider: a form's redirect must be
# allowed by CSP form-action too (base.py adds these origins to the public policy).
SSO_FORM_ACTION_ORIGINS = []
for _app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]:
    _url = urlsplit(_app["settings"]["server_url"])
    SSO_FORM_ACTION_ORIGINS.append(f"{_url.scheme}://{_url.netloc}")
if SSO_GOOGLE_CLIENT_ID:
    SSO_FORM_ACTION_ORIGINS.append("https://accounts.google.com")

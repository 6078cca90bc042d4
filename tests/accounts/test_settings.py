"""The providers follow the environment (pdsite/settings/sso.py), and a school's sign-in settings
are edited by a superuser in the Wagtail admin only."""

import importlib

import pytest
from django.urls import reverse

from pdsite.accounts.models import SchoolSignIn
from tests.factories.departments import SchoolFactory
from tests.factories.users import UserFactory

SSO_VARIABLES = [
    "PDSITE_SSO_ENTRA_CLIENT_ID", "PDSITE_SSO_GOOGLE_CLIENT_ID", "PDSITE_SSO_OIDC_CLIENT_ID",
    "PDSITE_SSO_OIDC_SERVER_URL", "PDSITE_SSO_OIDC_NAME",
]


@pytest.fixture
def sso_settings(monkeypatch):
    """pdsite.settings.sso read again under the environment a test sets (restored afterwards)."""
    for name in SSO_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    module = importlib.import_module("pdsite.settings.sso")
    yield lambda: importlib.reload(module)
    monkeypatch.undo()
    importlib.reload(module)


def test_no_provider_is_configured_when_no_client_id_is_set(sso_settings):
    sso = sso_settings()
    assert sso.SOCIALACCOUNT_PROVIDERS == {"openid_connect": {"APPS": [], "OAUTH_PKCE_ENABLED": True}}
    assert sso.SSO_FORM_ACTION_ORIGINS == []


def test_each_provider_is_configured_from_its_variables(sso_settings, monkeypatch):
    monkeypatch.setenv("PDSITE_SSO_ENTRA_CLIENT_ID", "entra-id")
    monkeypatch.setenv("PDSITE_SSO_GOOGLE_CLIENT_ID", "google-id")
    monkeypatch.setenv("PDSITE_SSO_OIDC_CLIENT_ID", "oidc-id")
    monkeypatch.setenv("PDSITE_SSO_OIDC_SERVER_URL", "https://id.trust.example/realms/staff")
    monkeypatch.setenv("PDSITE_SSO_OIDC_NAME", "Trust account")
    sso = sso_settings()
    entra, oidc = sso.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    assert entra["provider_id"] == "entra" and entra["client_id"] == "entra-id"
    assert entra["settings"]["server_url"] == "https://login.microsoftonline.com/organizations/v2.0"
    assert entra["settings"]["fetch_userinfo"] is False  # tid comes from the ID token
    assert oidc["provider_id"] == "oidc" and oidc["name"] == "Trust account"
    google = sso.SOCIALACCOUNT_PROVIDERS["google"]
    assert google["APPS"][0]["client_id"] == "google-id" and google["AUTH_PARAMS"]["hd"] == "*"
    assert sso.SSO_FORM_ACTION_ORIGINS == [
        "https://login.microsoftonline.com", "https://id.trust.example", "https://accounts.google.com",
    ]


def test_superuser_edits_a_schools_sign_in_settings_in_the_admin(client, db):
    school = SchoolFactory(name="Greenfield")
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.post(
        reverse("school_sign_in:add"),
        {"school": school.pk, "allowed_domains": "Greenfield.sch.uk", "entra_tenant_id": "", "local_passwords_off": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = SchoolSignIn.objects.get(school=school)
    assert saved.domains == ["greenfield.sch.uk"] and saved.local_passwords_off


def test_school_sign_in_settings_are_refused_to_a_pd_lead(client, db):
    client.force_login(UserFactory(username="lead", groups=["PD leads"]))
    response = client.get(reverse("school_sign_in:index"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/sso/login/", 200, "Sign in with a pdsite password"),
        ("/sso/inactive/", 200, "This account is switched off"),
        ("/sso/3rdparty/login/cancelled/", 200, "You cancelled signing in with your school account."),
        ("/sso/3rdparty/login/error/", 401, "did not complete the sign-in"),
    ],
)
def test_allauths_own_pages_are_pdsites_when_opened(client, db, path, status, text):
    response = client.get(path)
    assert response.status_code == status and text in response.content.decode()
    assert "pdsite" in response.content.decode() and 'href="/static/css/site.css"' in response.content.decode()


@pytest.mark.parametrize("path", ["/sso/signup/", "/sso/password/reset/", "/sso/email/"])
def test_allauths_local_account_screens_are_not_mounted(client, db, path):
    assert client.get(path).status_code == 404


def test_sign_in_page_may_send_its_forms_on_to_the_configured_providers_only(client, db, settings):
    """CSP form-action covers the redirect a sign-in button's POST answers with; the admin's
    policy is left as it was."""
    public = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]
    assert public == ["'self'", *settings.SSO_FORM_ACTION_ORIGINS]
    assert settings.PDSITE_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] == ["'self'"]
    header = client.get(reverse("login"))["Content-Security-Policy"]
    form_action = next(part.split()[1:] for part in header.split(";") if part.split()[:1] == ["form-action"])
    assert form_action == ["'self'", *settings.SSO_FORM_ACTION_ORIGINS]


def test_sign_in_page_offers_each_configured_provider_and_google_asks_for_workspace(
    sso_settings, monkeypatch, settings, client, db
):
    monkeypatch.setenv("PDSITE_SSO_ENTRA_CLIENT_ID", "entra-id")
    monkeypatch.setenv("PDSITE_SSO_GOOGLE_CLIENT_ID", "google-id")
    monkeypatch.setenv("PDSITE_SSO_OIDC_CLIENT_ID", "oidc-id")
    monkeypatch.setenv("PDSITE_SSO_OIDC_SERVER_URL", "http://127.0.0.1:9400")
    settings.SOCIALACCOUNT_PROVIDERS = sso_settings().SOCIALACCOUNT_PROVIDERS
    html = client.get(reverse("login"), {"next": "/search/"}).content.decode()
    for name, action in (
        ("Microsoft 365", "/sso/oidc/entra/login/"), ("Google", "/sso/google/login/"), ("School account", "/sso/oidc/oidc/login/"),
    ):
        assert f"Sign in with {name}" in html and f'action="{action}?next=%2Fsearch%2F"' in html
    # Google's authorisation URL is fixed (no discovery): the hint asks for Workspace accounts.
    response = client.post("/sso/google/login/?next=/search/")
    assert response.status_code == 302 and response["Location"].startswith("https://accounts.google.com/")
    assert "hd=%2A" in response["Location"] and "code_challenge=" in response["Location"]

"""Security headers: the Content-Security-Policy on the public site and on the admin (nonces
when a template uses one, the S3 origin when media is on S3), and the production HTTPS
settings (HSTS, the redirect to HTTPS, the proxy header only when configured)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path, reverse

ROOT = Path(__file__).resolve().parents[1]


def inline_script_view(request):
    template = engines["django"].from_string('<p>x</p><script nonce="{{ CSP_NONCE }}">window.ok = 1;</script>')
    return HttpResponse(template.render({}, request))


# This module's URLs: the site's, plus one page with an inline script that carries the nonce.
urlpatterns = [path("csp-nonce-check/", inline_script_view), path("", include("pdsite.urls"))]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_page_gets_the_strict_policy_when_rendered(client, home_page):
    response = client.get(home_page.url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no nonce unless a template used it
    assert policy["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    # hls.js: Media Source Extensions and a blob: worker.
    assert "blob:" in policy["media-src"] and "blob:" in policy["worker-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]


def test_sign_in_page_gets_the_strict_policy_when_rendered(client, db):
    response = client.get(reverse("login"))
    assert directives(response)["script-src"] == ["'self'"]


@pytest.mark.urls(__name__)
def test_nonce_is_in_the_header_and_matches_the_script_when_a_template_uses_it(client, db):
    response = client.get("/csp-nonce-check/")
    nonce = re.search(r'<script nonce="([^"]+)">', response.content.decode()).group(1)
    assert len(nonce) >= 16
    assert directives(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    # A fresh nonce for every response.
    again = client.get("/csp-nonce-check/")
    assert f"'nonce-{nonce}'" not in again["Content-Security-Policy"]


def test_admin_gets_the_admin_policy_when_rendered(client, pd_lead):
    login = client.get(reverse("wagtailadmin_login"))
    policy = directives(login)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "nonce-" not in login["Content-Security-Policy"]  # a nonce would switch 'unsafe-inline' off
    client.force_login(pd_lead)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert directives(dashboard)["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "blob:" in directives(dashboard)["media-src"]  # the transcript editor's player


def _clean_env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "PDSITE_"))}
    env.pop("DATABASE_URL", None)
    return {**env, **variables}


def _settings_in_subprocess(module: str, names: list[str], **variables: str) -> dict:
    code = (
        "import json, importlib, sys\n"
        f"s = importlib.import_module({module!r})\n"
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_clean_env(**variables), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


HTTPS_NAMES = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER"]


def test_production_defaults_to_https_everywhere_when_nothing_is_set():
    values = _settings_in_subprocess("pdsite.settings.production", HTTPS_NAMES, DJANGO_SECRET_KEY="x")
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        # No proxy header is trusted unless one is named.
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_production_trusts_the_proxy_header_when_configured():
    values = _settings_in_subprocess(
        "pdsite.settings.production", HTTPS_NAMES, DJANGO_SECRET_KEY="x", DJANGO_TRUSTED_PROXY_HEADER="X-Forwarded-Proto"
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_is_plain_http_when_secure_cookies_are_off():
    values = _settings_in_subprocess("pdsite.settings.production", HTTPS_NAMES, DJANGO_SECRET_KEY="x", DJANGO_SECURE_COOKIES="false")
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0 and values["SECURE_SSL_REDIRECT"] is False


def test_production_hsts_and_redirect_follow_their_variables_when_set():
    values = _settings_in_subprocess(
        "pdsite.settings.production", HTTPS_NAMES, DJANGO_SECRET_KEY="x", DJANGO_HSTS_SECONDS="600", DJANGO_SSL_REDIRECT="false"
    )
    assert values["SECURE_HSTS_SECONDS"] == 600 and values["SECURE_SSL_REDIRECT"] is False


def test_policy_allows_the_s3_endpoint_when_media_is_on_s3():
    names = ["CONTENT_SECURITY_POLICY", "PDSITE_ADMIN_CONTENT_SECURITY_POLICY"]
    values = _settings_in_subprocess(
        "pdsite.settings.base", names, AWS_STORAGE_BUCKET_NAME="media", AWS_S3_ENDPOINT_URL="http://s3.internal:9444/"
    )
    for policy in values.values():
        for directive in ("media-src", "connect-src", "img-src"):
            assert "http://s3.internal:9444" in policy["DIRECTIVES"][directive], directive
    aws = _settings_in_subprocess("pdsite.settings.base", names[:1], AWS_STORAGE_BUCKET_NAME="media", AWS_S3_REGION_NAME="eu-west-2")
    assert "https://s3.eu-west-2.amazonaws.com" in aws["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["media-src"]
    local = _settings_in_subprocess("pdsite.settings.base", names[:1])
    assert local["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["media-src"] == ["'self'", "blob:"]


def test_ssl_redirect_trusts_the_proxy_only_when_its_header_is_configured(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = None
    untrusted = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert untrusted.status_code == 301 and untrusted["Location"].startswith("https://")
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get(reverse("login")).status_code == 301


def test_hsts_header_is_sent_when_configured_and_the_request_is_secure(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"

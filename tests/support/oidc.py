"""Signing in through the real OpenID provider (scripts/oidc_provider.mjs, started by
`make services`) with Django's test client: the client asks pdsite for the provider's sign-in,
`requests` plays the person at the provider's login form, and the client follows the provider's
redirect back to pdsite's callback, which fetches the token from the provider itself."""

from __future__ import annotations

import os
import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import requests
from django.test import Client

from tests.support.services import require_service

LOGIN_URL = "/sso/oidc/oidc/login/"
# The test provider's redirect URIs are loopback ones (any port): the test client must say so.
HOST = "127.0.0.1"


def require_provider() -> str:
    require_service("PDSITE_SSO_OIDC_SERVER_URL", "the OpenID Connect test provider")
    return os.environ["PDSITE_SSO_OIDC_SERVER_URL"]


def browser_client() -> Client:
    return Client(HTTP_HOST=HOST)


def provider_sign_in(client: Client, login: str, *, next_url: str | None = None):
    """Sign `login` (an account of the test provider) in; the response of pdsite's callback."""
    start = client.post(LOGIN_URL, {"next": next_url} if next_url else {})
    assert start.status_code == 302, start.content[:500]
    url = start["Location"]
    provider = requests.Session()
    for _ in range(12):
        if urlsplit(url).netloc == HOST:  # back at pdsite (the callback)
            parts = urlsplit(url)
            return client.get(f"{parts.path}?{parts.query}")
        response = provider.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            continue
        # The login form (any password), then the consent form ("Continue").
        form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        prompt = re.search(r'name="prompt" value="(\w+)"', response.text)
        assert response.status_code == 200 and form and prompt, response.text[:500]
        fields = {"prompt": prompt.group(1)}
        if fields["prompt"] == "login":
            fields.update(login=login, password="any")
        posted = provider.post(urljoin(url, unescape(form.group(1))), fields, allow_redirects=False, timeout=10)
        assert posted.status_code in (302, 303), posted.text[:500]
        url = urljoin(url, posted.headers["Location"])
    raise AssertionError("the provider never sent the browser back to pdsite")

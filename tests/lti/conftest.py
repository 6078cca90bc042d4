"""A real LTI 1.3 platform (tests/support/lti_platform.py) registered with the tool, and the
launch flow run through the Django test client: login initiation → the platform's OIDC answer
(signed over real keys, its JWKS fetched by pylti1p3 over HTTP) → launch."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from pdsite.lti import services
from pdsite.lti.models import PlatformRegistration
from tests.support.lti_platform import LtiPlatform


@pytest.fixture
def platform():
    running = LtiPlatform()
    yield running
    running.stop()


@pytest.fixture
def registration(db, platform, client):
    services.tool_key_rotate()
    platform.tool_jwks_fetch = lambda: client.get(reverse("lti:jwks")).json()
    return PlatformRegistration.objects.create(**platform.registration_fields())


@pytest.fixture
def lti_launch(client, platform):
    """`lti_launch(message, tamper=None)`: the tool's response to the launch of `message`;
    `tamper(fields)` may change what the platform posts (a forged launch)."""

    def run(message, *, tamper=None, via_get=False):
        hint = platform.expect(message)
        query = platform.login_query(hint, target="http://testserver" + reverse("lti:launch"))
        login = (client.get if via_get else client.post)(reverse("lti:login"), query)
        assert login.status_code == 302, login.content.decode()[:2000]
        auth = {key: values[0] for key, values in parse_qs(urlsplit(login["Location"]).query).items()}
        assert login["Location"].startswith(platform.url("/auth?"))
        redirect_uri, fields = platform.authorize(auth)
        if tamper is not None:
            fields = tamper(fields)
        run.fields = fields
        return client.post(urlsplit(redirect_uri).path, fields)

    return run

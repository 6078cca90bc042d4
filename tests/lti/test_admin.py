"""The LTI screens in the Wagtail admin: a superuser registers a platform and rotates the tool's
key (adding a key generates it; the old one stays published until retired)."""

import pytest
from django.urls import reverse

from pdsite.lti.models import PlatformRegistration, ToolKey
from tests.factories.users import UserFactory
from tests.support.lti_platform import LtiPlatform

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_a_superuser_registers_a_platform(admin_client):
    platform = LtiPlatform()
    try:
        fields = {**platform.registration_fields(), "deployment_ids": "d-1\nd-2\n", "is_active": "on"}
        response = admin_client.post(reverse("lti_platforms:add"), fields)
        assert response.status_code == 302, response.content.decode()[:3000]
        registration = PlatformRegistration.objects.get()
        assert registration.deployments == ["d-1", "d-2"] and registration.origin == platform.issuer

        # Without a deployment id the form says so and saves nothing.
        again = admin_client.post(reverse("lti_platforms:add"), {**fields, "client_id": "other", "deployment_ids": " "})
        assert again.status_code == 200 and "Give at least one deployment id." in again.content.decode()
        assert PlatformRegistration.objects.count() == 1
    finally:
        platform.stop()


def test_adding_a_key_rotates_and_retiring_unpublishes(admin_client, client):
    assert admin_client.post(reverse("lti_keys:add"), {"retired_at": ""}).status_code == 302
    assert admin_client.post(reverse("lti_keys:add"), {"retired_at": ""}).status_code == 302
    new, old = ToolKey.objects.all()
    assert len(client.get(reverse("lti:jwks")).json()["keys"]) == 2
    response = admin_client.post(reverse("lti_keys:edit", args=[old.pk]), {"retired_at": "2026-01-01 10:00"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [key["kid"] for key in client.get(reverse("lti:jwks")).json()["keys"]] == [new.kid]


def test_a_pd_lead_cannot_see_registrations(client):
    client.force_login(UserFactory(username="lead", groups=["PD leads"]))
    assert client.get(reverse("lti_platforms:index")).status_code == 302

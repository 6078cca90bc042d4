"""The LMS frames only LTI pages: their CSP `frame-ancestors` names the registered platforms'
origins, every other page keeps 'self' (and X-Frame-Options); only a session an LTI launch began
gets SameSite=None; Secure; Partitioned cookies."""

import pytest
from django.urls import reverse

from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import PASSWORD, UserFactory
from tests.support.lti_platform import PlatformUser

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


def test_only_lti_pages_may_be_framed_by_the_platforms(client, registration, platform, lti_launch, clip_library):
    clip = PDVideoPageFactory(parent=clip_library)
    response = lti_launch(platform.resource_link(PlatformUser("lms-1"), custom={"pdsite_clip": str(clip.pk)}))
    framed = client.get(response["Location"])
    assert frame_ancestors(framed) == f"frame-ancestors 'self' {platform.issuer}"

    plain = client.get(clip.url)  # the same clip at its own address
    assert plain.status_code == 200
    assert frame_ancestors(plain) == "frame-ancestors 'self'"
    assert plain["X-Frame-Options"] == "DENY"


def test_a_switched_off_platform_may_not_frame(client, registration, platform):
    registration.is_active = False
    registration.save()
    refused = client.get(reverse("lti:login"))
    assert frame_ancestors(refused) == "frame-ancestors 'self'"


def test_an_ordinary_sign_in_keeps_lax_cookies(client, db):
    UserFactory(username="tom")
    response = client.post(reverse("login"), {"username": "tom", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["samesite"] == "Lax" and not cookie["secure"] and "Partitioned" not in cookie.OutputString()


def test_listed_frame_origins_replace_the_auth_origin(client, registration, platform):
    registration.frame_origins = "https://school.instructure.com\nhttps://other.example:8443/"
    registration.full_clean()
    registration.save()
    response = client.get(reverse("lti:jwks"))  # not framed: no change
    assert "school.instructure.com" not in response.get("Content-Security-Policy", "")
    refused = client.get(reverse("lti:login"))
    assert frame_ancestors(refused) == "frame-ancestors 'self' https://other.example:8443 https://school.instructure.com"


def test_a_frame_origin_must_be_an_origin(registration):
    from django.core.exceptions import ValidationError

    registration.frame_origins = "https://school.example/path; script-src *"
    with pytest.raises(ValidationError, match="origins only"):
        registration.full_clean()

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

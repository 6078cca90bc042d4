"""Names and Role Provisioning against the real platform (issue #16): an instructor's launch
with the roster service shows the course's members, matched to pdsite accounts, with their
progress on the launched clip; a learner's launch grants no roster."""

import pytest
from django.urls import reverse

from pdsite.progress.models import ViewingRecord
from tests.factories.courses import PDVideoPageFactory
from tests.support.lti_platform import INSTRUCTOR, PlatformUser

pytestmark = pytest.mark.django_db

HEAD = PlatformUser("lms-head", email="head@school.example", given_name="Hana", family_name="Khan", roles=[INSTRUCTOR])
AMY = PlatformUser("lms-amy", email="amy@school.example", given_name="Amy", family_name="Ng")
BEN = PlatformUser("lms-ben", email="ben@school.example", given_name="Ben", family_name="Ode")


def test_an_instructor_sees_the_roster_with_progress(client, registration, platform, lti_launch, clip_library):
    clip = PDVideoPageFactory(parent=clip_library, title="Bar models", video__duration=100.0)
    custom = {"pdsite_clip": str(clip.pk)}
    lti_launch(platform.resource_link(AMY, custom=custom))  # Amy has launched pdsite once
    from django.contrib.auth import SESSION_KEY

    ViewingRecord.objects.create(user_id=client.session[SESSION_KEY], video=clip.video, coverage=0.42, watched_seconds=42)
    client.logout()
    platform.members = [HEAD, AMY, BEN]
    keys = client.get(reverse("lti:jwks")).json()
    platform.tool_jwks_fetch = lambda: keys

    opened = lti_launch(platform.resource_link(HEAD, custom=custom, roster=True))
    clip_page = client.get(opened["Location"]).content.decode()
    assert reverse("lti:roster") in clip_page

    response = client.get(reverse("lti:roster"))
    assert response.status_code == 200, response.content.decode()[:2000]
    html = response.content.decode()
    assert "frame-ancestors 'self' " + platform.issuer in response["Content-Security-Policy"]
    rows = html.split("<tbody>")[1]
    assert rows.index("Amy Ng") < rows.index("Ben Ode") < rows.index("Hana Khan")
    assert "42%" in rows and "Has not opened pdsite" in rows and "Instructor" in rows


def test_a_learner_gets_no_roster(client, registration, platform, lti_launch, clip_library):
    clip = PDVideoPageFactory(parent=clip_library)
    lti_launch(platform.resource_link(AMY, custom={"pdsite_clip": str(clip.pk)}, roster=True))
    assert client.get(reverse("lti:roster")).status_code == 404

"""LTI 1.3 launches from a real platform (issue #16): a resource link opens the PD clip with the
site's player for the launched user; forged and replayed launches get a clear refusal page and
change nothing; the platform's keys rotate without breaking launches."""

import html as html_module
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from pdsite.lti.models import LtiAccount
from pdsite.progress.models import ViewingRecord
from tests.factories.courses import PDModulePageFactory, PDVideoPageFactory
from tests.factories.users import UserFactory
from tests.support.lti_platform import PlatformUser

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def clip(clip_library):
    return PDVideoPageFactory(parent=clip_library, title="Bar models for sharing")


def signed_in_user(client):
    from django.contrib.auth import SESSION_KEY

    pk = client.session.get(SESSION_KEY)
    return User.objects.get(pk=pk) if pk else None


def test_a_launch_opens_the_clip_for_the_user_with_that_email(client, registration, platform, lti_launch, clip):
    teacher = UserFactory(username="tom", email="Tom@School.example", groups=["Teachers"])
    message = platform.resource_link(PlatformUser("lms-42", email="tom@school.example"), custom={"pdsite_clip": str(clip.pk)})

    response = lti_launch(message)

    assert response.status_code == 302
    assert response["Location"] == reverse("lti:clip", kwargs={"page_id": clip.pk})
    assert signed_in_user(client) == teacher
    assert LtiAccount.objects.get(registration=registration, sub="lms-42").user == teacher
    cookie = response.cookies["sessionid"]
    assert cookie["samesite"] == "None" and cookie["secure"] and cookie["partitioned"], "the session must reach pdsite inside the LMS's frame"

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-player" in html and "Bar models for sharing" in html
    assert "frame-ancestors 'self' " + platform.issuer in page["Content-Security-Policy"]
    assert "X-Frame-Options" not in page

    # The player's progress reports count for the launched teacher.
    report = client.post(reverse("progress:heartbeat"), {"video": clip.video_id, "ranges": "[[0, 1]]", "position": "1"})
    assert report.status_code == 200, report.content
    assert ViewingRecord.objects.filter(user=teacher, video=clip.video).exists()


def test_an_unknown_email_makes_an_account_linked_to_the_platform_and_sub(client, registration, platform, lti_launch, clip):
    user = PlatformUser("lms-7", email="new.teacher@school.example", given_name="Nia", family_name="Lee")
    lti_launch(platform.resource_link(user, custom={"pdsite_clip": str(clip.pk)}))

    made = signed_in_user(client)
    assert made.email == "new.teacher@school.example" and made.first_name == "Nia"
    assert not made.has_usable_password() and made.groups.filter(name="Teachers").exists()
    assert LtiAccount.objects.get(registration=registration, sub="lms-7").user == made

    # The link, not the email, names the account next time (the LMS may change the email).
    client.logout()
    lti_launch(platform.resource_link(PlatformUser("lms-7", email="renamed@school.example"), custom={"pdsite_clip": str(clip.pk)}))
    assert signed_in_user(client) == made
    assert User.objects.filter(email__iendswith="school.example").count() == 1


def test_a_launch_opens_a_module(client, registration, platform, lti_launch, clip):
    module = PDModulePageFactory(title="Five Big Ideas: representation")
    response = lti_launch(platform.resource_link(PlatformUser("lms-1", email="a@b.example"), custom={"pdsite_module": str(module.pk)}))
    assert response["Location"] == reverse("lti:module", kwargs={"page_id": module.pk})
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Five Big Ideas: representation" in page.content.decode()


def refusal(response) -> str:
    assert response.status_code in (400, 403), response.status_code
    html = response.content.decode()
    match = re.search(r"data-lti-refused>([^<]*)<", html)
    assert match, html[:2000]
    return html_module.unescape(match.group(1))


def assert_nothing_changed(client):
    assert signed_in_user(client) is None
    assert not LtiAccount.objects.exists()


def test_a_launch_signed_by_another_key_is_refused(client, registration, platform, lti_launch, clip):
    from tests.support.lti_platform import _new_key

    _, forger = _new_key()
    message = platform.resource_link(PlatformUser("lms-1", email="x@y.example"), custom={"pdsite_clip": str(clip.pk)})

    def forge(fields):
        from jwt import decode

        body = decode(fields["id_token"], options={"verify_signature": False})
        return {**fields, "id_token": platform.sign(body, key=forger)}  # the platform's kid, another key

    assert "not signed by the learning platform" in refusal(lti_launch(message, tamper=forge))
    assert_nothing_changed(client)


def test_a_launch_with_a_nonce_the_tool_did_not_issue_is_refused(client, registration, platform, lti_launch, clip):
    message = platform.resource_link(PlatformUser("lms-1"), custom={"pdsite_clip": str(clip.pk)})

    def other_nonce(fields):
        from jwt import decode

        body = decode(fields["id_token"], options={"verify_signature": False})
        return {**fields, "id_token": platform.sign(body, nonce="made-up")}

    assert "could not be matched to its sign-in step" in refusal(lti_launch(message, tamper=other_nonce))
    assert_nothing_changed(client)


def test_a_replayed_launch_is_refused(client, registration, platform, lti_launch, clip):
    message = platform.resource_link(PlatformUser("lms-1", email="r@s.example"), custom={"pdsite_clip": str(clip.pk)})
    assert lti_launch(message).status_code == 302
    client.logout()

    replay = client.post(reverse("lti:launch"), lti_launch.fields)
    assert "was already used" in refusal(replay)
    assert signed_in_user(client) is None


def test_a_launch_without_its_state_cookie_is_refused(client, registration, platform, lti_launch, clip):
    message = platform.resource_link(PlatformUser("lms-1"), custom={"pdsite_clip": str(clip.pk)})
    assert "could not be matched" in refusal(lti_launch(message, tamper=lambda fields: {**fields, "state": "state-forged"}))
    assert_nothing_changed(client)


def test_a_login_from_an_unknown_issuer_is_refused(client, registration, platform):
    hint = platform.expect(platform.resource_link(PlatformUser("lms-1")))
    query = {**platform.login_query(hint, target=""), "iss": "https://unknown.example"}
    assert "not registered with pdsite" in refusal(client.post(reverse("lti:login"), query))


def test_an_id_token_from_an_unregistered_issuer_is_refused(client, registration, platform, lti_launch, clip):
    message = platform.resource_link(PlatformUser("lms-1"), custom={"pdsite_clip": str(clip.pk)})

    def other_issuer(fields):
        from jwt import decode

        body = decode(fields["id_token"], options={"verify_signature": False})
        return {**fields, "id_token": platform.sign(body, iss="https://unknown.example")}

    assert "not registered with pdsite" in refusal(lti_launch(message, tamper=other_issuer))
    assert_nothing_changed(client)


def test_an_unknown_deployment_is_refused(client, registration, platform, lti_launch, clip):
    message = platform.resource_link(PlatformUser("lms-1"), custom={"pdsite_clip": str(clip.pk)})
    message["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] = "deployment-elsewhere"
    assert "deployment" in refusal(lti_launch(message))
    assert_nothing_changed(client)


def test_a_switched_off_registration_refuses_launches(client, registration, platform):
    registration.is_active = False
    registration.save()
    hint = platform.expect(platform.resource_link(PlatformUser("lms-1")))
    assert "not registered with pdsite" in refusal(client.get(reverse("lti:login"), platform.login_query(hint, target="")))


def test_an_administrators_email_is_not_opened_from_a_course(client, registration, platform, lti_launch, clip):
    UserFactory(username="boss", email="boss@school.example", is_staff=True, is_superuser=True)
    message = platform.resource_link(PlatformUser("lms-1", email="boss@school.example"), custom={"pdsite_clip": str(clip.pk)})
    assert "administrator's account cannot be opened" in refusal(lti_launch(message))
    assert_nothing_changed(client)


def test_a_clip_the_user_may_not_see_answers_like_an_unknown_one(client, registration, platform, lti_launch, clip):
    clip.unpublish()
    response = lti_launch(platform.resource_link(PlatformUser("lms-1"), custom={"pdsite_clip": str(clip.pk)}))
    assert client.get(response["Location"]).status_code == 404


def test_a_link_naming_nothing_is_refused(client, registration, platform, lti_launch):
    assert "does not name a pdsite clip" in refusal(lti_launch(platform.resource_link(PlatformUser("lms-1"))))


def test_the_platforms_key_rotation_keeps_launches_working(client, registration, platform, lti_launch, clip):
    message = lambda: platform.resource_link(PlatformUser("lms-1"), custom={"pdsite_clip": str(clip.pk)})  # noqa: E731
    assert lti_launch(message()).status_code == 302
    platform.rotate_key(drop_old=True)  # the platform's JWKS now has only the new key
    client.logout()
    assert lti_launch(message()).status_code == 302
    assert signed_in_user(client) is not None

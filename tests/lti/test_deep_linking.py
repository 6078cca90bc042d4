"""Deep Linking from a real platform (issue #16): an instructor's deep-linking launch shows the
picker; choosing a clip, a clip range or a module answers the platform with a signed
LtiDeepLinkingResponse that the platform verifies against the tool's JWKS; launching the item
then opens it. The tool's keys rotate: the old key keeps verifying until it is retired."""

import re
from html import unescape

import jwt
import pytest
from django.urls import reverse

from pdsite.lti import services
from pdsite.lti.models import ToolKey
from tests.factories.courses import PDModulePageFactory, PDVideoPageFactory
from tests.factories.users import UserFactory
from tests.support.lti_platform import DL_CLAIM, INSTRUCTOR, PlatformRefused, PlatformUser

pytestmark = pytest.mark.django_db

HEAD = PlatformUser("lms-head", email="head@school.example", roles=[INSTRUCTOR])


@pytest.fixture
def clip(clip_library):
    return PDVideoPageFactory(parent=clip_library, title="Bar models for sharing")


def open_picker(client, platform, lti_launch):
    response = lti_launch(platform.deep_linking(HEAD))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith("/lti/pick/")
    return response["Location"]


def returned_jwt(response) -> str:
    assert response.status_code == 200, response.content.decode()[:3000]
    html = response.content.decode()
    assert 'action="' + "http://127.0.0.1" in html
    return unescape(re.search(r'name="JWT" value="([^"]+)"', html).group(1))


def test_a_clip_range_is_picked_and_the_platform_verifies_it(client, registration, platform, lti_launch, clip):
    UserFactory(username="head", email="head@school.example", groups=["Teachers"])
    picker = open_picker(client, platform, lti_launch)
    page = client.get(picker)
    assert page.status_code == 200
    assert "Clip: Bar models for sharing" in page.content.decode()
    assert platform.issuer in page["Content-Security-Policy"]

    answer = client.post(picker, {"item": f"clip:{clip.pk}", "start": "30", "end": "70"})
    token = returned_jwt(answer)
    form_action = next(d for d in answer["Content-Security-Policy"].split(";") if d.strip().startswith("form-action"))
    assert platform.issuer in form_action.split()

    body = platform.verify_deep_link(token)
    (item,) = body[DL_CLAIM + "content_items"]
    assert item["type"] == "ltiResourceLink" and item["url"] == "http://testserver/lti/launch/"
    assert item["custom"] == {"pdsite_clip": str(clip.pk), "pdsite_start": "30", "pdsite_end": "70"}

    # A learner launching the item gets that part of the clip.
    launched = lti_launch(platform.resource_link(PlatformUser("lms-learner"), custom=item["custom"]))
    assert launched["Location"] == reverse("lti:clip", kwargs={"page_id": clip.pk}) + "?t=30&end=70"
    assert client.get(launched["Location"]).status_code == 200


def test_a_module_is_picked(client, registration, platform, lti_launch, clip):
    module = PDModulePageFactory(title="Representation and structure")
    picker = open_picker(client, platform, lti_launch)
    body = platform.verify_deep_link(returned_jwt(client.post(picker, {"item": f"module:{module.pk}"})))
    assert body[DL_CLAIM + "content_items"][0]["custom"] == {"pdsite_module": str(module.pk)}


def test_a_bad_pick_is_explained_and_nothing_is_sent(client, registration, platform, lti_launch, clip):
    picker = open_picker(client, platform, lti_launch)
    for data, message in (
        ({}, "Choose a clip or a module."),
        ({"item": f"clip:{clip.pk}", "start": "50", "end": "20"}, "End must be after Start."),
        ({"item": f"clip:{clip.pk}", "end": "900"}, "only 200 seconds long"),
        ({"item": "clip:999999"}, "Select a valid choice"),
    ):
        response = client.post(picker, data)
        assert response.status_code == 400 and message in unescape(response.content.decode()), data
    assert platform.received == []


def test_a_learner_cannot_open_the_picker(client, registration, platform, lti_launch):
    response = lti_launch(platform.deep_linking(PlatformUser("lms-learner")))
    assert response.status_code == 403 and "Only a teacher or administrator" in response.content.decode()


def test_a_picker_of_another_session_is_unknown(client, registration, platform, lti_launch, clip, sign_in):
    picker = open_picker(client, platform, lti_launch)
    client.logout()
    other = sign_in(UserFactory(username="nosy"))
    assert other.get(picker).status_code == 404


def test_key_rotation_keeps_old_responses_verifiable_until_retired(client, registration, platform, lti_launch, clip):
    picker = open_picker(client, platform, lti_launch)
    old_key = ToolKey.objects.get()
    old_token = returned_jwt(client.post(picker, {"item": f"clip:{clip.pk}"}))
    assert jwt.get_unverified_header(old_token)["kid"] == old_key.kid

    new_key = services.tool_key_rotate()
    assert {key["kid"] for key in client.get(reverse("lti:jwks")).json()["keys"]} == {old_key.kid, new_key.kid}
    platform.verify_deep_link(old_token)  # still in the key set

    new_picker = open_picker(client, platform, lti_launch)  # launches keep working after rotation
    new_token = returned_jwt(client.post(new_picker, {"item": f"clip:{clip.pk}"}))
    assert jwt.get_unverified_header(new_token)["kid"] == new_key.kid
    platform.verify_deep_link(new_token)

    services.tool_key_retire(key=old_key)
    assert [key["kid"] for key in client.get(reverse("lti:jwks")).json()["keys"]] == [new_key.kid]
    with pytest.raises(PlatformRefused):
        platform.verify_deep_link(old_token)
    platform.verify_deep_link(new_token)


def test_the_tool_jwks_is_public_json(client, registration):
    response = client.get(reverse("lti:jwks"))
    assert response.status_code == 200
    (key,) = response.json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and "d" not in key

"""Single sign-on against the real OpenID provider (npm oidc-provider, scripts/oidc_provider.mjs):
a new person from an allowed domain becomes a pending member; a refused domain and an unverified
email get the refusal page and no account; an existing account links by verified email only; a
returning person signs straight in; a refused person stays out."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from pdsite.accounts.models import PendingMember
from pdsite.departments.models import Notification
from tests.factories.users import UserFactory
from tests.support.oidc import browser_client, provider_sign_in, require_provider

pytestmark = pytest.mark.service
User = get_user_model()


@pytest.fixture(autouse=True)
def _provider():
    require_provider()


def signed_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_new_person_from_an_allowed_domain_becomes_a_pending_member_when_signing_in(sso):
    client = browser_client()
    response = provider_sign_in(client, "ada", next_url="/search/")
    assert response.status_code == 302 and response["Location"] == "/search/"
    ada = signed_in_user(client)
    assert ada.email == "ada.lovelace@allowed.example" and ada.first_name == "Ada"
    assert not ada.has_usable_password()
    pending = PendingMember.objects.get(user=ada)
    assert pending.school == sso.school and pending.status == PendingMember.Status.PENDING and pending.provider == "oidc"
    assert not ada.memberships.exists()
    # Each head of department of the school is told; the other school's is not.
    assert set(Notification.objects.filter(url=reverse("accounts:pending")).values_list("user__username", flat=True)) == {
        "hod", "science_hod",
    }


def test_sign_in_from_a_refused_domain_gets_the_refusal_page_and_no_account(sso):
    client = browser_client()
    response = provider_sign_in(client, "cal")
    assert response.status_code == 403
    assert "refused.example is not the email domain of a school that uses pdsite" in response.content.decode()
    assert signed_in_user(client) is None
    assert not User.objects.filter(email__iendswith="@refused.example").exists() and not SocialAccount.objects.exists()


def test_sign_in_with_an_unverified_email_is_refused_even_when_an_account_has_that_email(sso):
    UserFactory(username="dan", email="dan.unverified@allowed.example")
    client = browser_client()
    response = provider_sign_in(client, "dan")
    assert response.status_code == 403 and "has not verified this email address" in response.content.decode()
    assert signed_in_user(client) is None and not SocialAccount.objects.exists()


def test_existing_account_links_when_the_provider_verified_its_email(sso):
    bea = UserFactory(username="bea", email="Bea.Morgan@allowed.example")
    client = browser_client()
    response = provider_sign_in(client, "bea")
    assert response.status_code == 302
    assert signed_in_user(client) == bea
    assert SocialAccount.objects.get(provider="oidc").user == bea
    assert not PendingMember.objects.exists()  # an existing account is not a new member
    # Next time the identity itself finds the account.
    again = browser_client()
    assert provider_sign_in(again, "bea").status_code == 302 and signed_in_user(again) == bea


def test_superuser_account_is_not_linked_when_its_email_matches(sso):
    UserFactory(username="bea-admin", email="bea.morgan@allowed.example", is_superuser=True)
    client = browser_client()
    response = provider_sign_in(client, "bea")
    assert response.status_code == 403 and "Administrator accounts sign in with their password" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_returning_pending_member_signs_straight_in_without_a_second_request(sso):
    provider_sign_in(browser_client(), "eve")
    client = browser_client()
    assert provider_sign_in(client, "eve").status_code == 302
    assert PendingMember.objects.filter(user__email="eve.stone@allowed.example").count() == 1


def test_refused_member_cannot_sign_in_again(sso):
    from pdsite.accounts.services import pending_member_refuse

    provider_sign_in(browser_client(), "eve")
    pending_member_refuse(pending=PendingMember.objects.get(), by=sso.hod)
    client = browser_client()
    response = provider_sign_in(client, "eve")
    assert response.status_code == 403 and "refused your request to join" in response.content.decode()
    assert signed_in_user(client) is None


def test_sign_in_is_refused_when_the_school_no_longer_lists_the_domain(sso):
    provider_sign_in(browser_client(), "eve")
    sso.school.sign_in.allowed_domains = "elsewhere.example"
    sso.school.sign_in.save()
    client = browser_client()
    assert provider_sign_in(client, "eve").status_code == 403 and signed_in_user(client) is None


def test_provider_sign_in_by_get_asks_before_leaving(sso):
    response = browser_client().get("/sso/oidc/oidc/login/")
    assert response.status_code == 200 and "Continue to School account" in response.content.decode()

"""Local passwords turned off for a school's staff (backends.SchoolPasswordBackend), on the site's
and the Wagtail admin's sign-in forms: refused with a clear message, superusers and other people
keep theirs, a wrong password still reads as a wrong password, and lockout still counts."""

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from pdsite.accounts.models import PendingMember, SchoolSignIn
from tests.factories.users import PASSWORD, UserFactory

REFUSED = "Allowed Academy signs its staff in with their school account"
FORMS = ["login", "wagtailadmin_login"]


def sign_in(client, form, username, password=PASSWORD):
    return client.post(reverse(form), {"username": username, "password": password})


@pytest.mark.parametrize("form", FORMS)
def test_staff_password_is_refused_with_the_reason_when_the_school_turned_passwords_off(client, sso, form):
    response = sign_in(client, form, "staff")
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html and "Passwords on pdsite are turned off for its staff." in html
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("form", FORMS)
def test_wrong_password_gets_the_usual_error_not_the_school_when_passwords_are_off(client, sso, form):
    html = sign_in(client, form, "staff", "wrong").content.decode()
    assert REFUSED not in html and "_auth_user_id" not in client.session


@pytest.mark.parametrize("form", FORMS)
def test_superuser_keeps_the_password_when_their_school_turned_passwords_off(client, sso, form):
    sso.admin.groups.clear()
    response = sign_in(client, form, "root")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(sso.admin.pk)


def test_staff_of_a_school_with_passwords_on_sign_in_with_their_password(client, sso):
    assert sign_in(client, "login", "other_hod").status_code == 302


def test_person_of_no_school_signs_in_with_their_password(client, sso):
    UserFactory(username="visitor", email="visitor@allowed.example")
    assert sign_in(client, "login", "visitor").status_code == 302


def test_pending_member_of_the_school_is_refused_a_password_too(client, sso):
    person = UserFactory(username="newbie", email="newbie@allowed.example")
    PendingMember.objects.create(user=person, school=sso.school, email=person.email, provider="oidc")
    assert REFUSED in sign_in(client, "login", "newbie").content.decode()


def test_password_works_again_when_the_school_turns_passwords_back_on(client, sso):
    SchoolSignIn.objects.filter(school=sso.school).update(local_passwords_off=False)
    assert sign_in(client, "login", "staff").status_code == 302


def test_authenticate_returns_no_one_and_notes_the_reason_when_staff_use_a_password(sso, rf):
    request = rf.post("/accounts/login/")
    assert authenticate(request, username="staff", password=PASSWORD) is None
    assert request.pdsite_password_refusal.startswith(REFUSED)
    other = rf.post("/accounts/login/")
    assert authenticate(other, username="other_hod", password=PASSWORD) == sso.other_hod
    assert not hasattr(other, "pdsite_password_refusal")


def test_refusals_count_towards_the_lockout_when_repeated(client, sso, settings):
    settings.AXES_FAILURE_LIMIT = 2
    sign_in(client, "login", "staff")
    assert sign_in(client, "login", "staff").status_code == 429


def test_site_sign_in_page_shows_the_school_sign_in_button_when_a_provider_is_configured(client, db, settings):
    if not settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]:
        pytest.skip("no OpenID Connect app configured (PDSITE_SSO_OIDC_CLIENT_ID)")
    html = client.get(reverse("login")).content.decode()
    assert "Sign in with your school account" in html and 'action="/sso/oidc/oidc/login/"' in html

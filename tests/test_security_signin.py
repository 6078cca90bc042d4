"""Sign-in throttling on both forms (django-axes): lockout after the limit, the message, the
administrator's unlock, the reset after a success, and no open redirect after signing in."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories.users import PASSWORD, UserFactory

LOCKED_MESSAGE = "Too many failed sign-in attempts. Try again in 15 minutes, or ask an administrator to unlock your account."
FORMS = ["login", "wagtailadmin_login"]


@pytest.fixture(autouse=True)
def _throttling(settings):
    # The values production gets by default (PDSITE_LOGIN_FAILURE_LIMIT, PDSITE_LOGIN_COOLOFF_MINUTES).
    assert settings.AXES_ENABLED and settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def sign_in(client, form: str, username: str, password: str, **extra):
    return client.post(reverse(form), {"username": username, "password": password, **extra})


def fail(client, form: str, username: str, times: int):
    return [sign_in(client, form, username, "wrong-password").status_code for _ in range(times)]


@pytest.fixture
def other_client(db):
    """A second browser (its own session), for the person who is locked out."""
    return Client()


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=["PD leads"])


@pytest.mark.parametrize("form", FORMS)
def test_sign_in_is_locked_out_when_the_limit_of_failures_is_reached(client, editor, form):
    assert fail(client, form, "editor", 4) == [200] * 4
    response = sign_in(client, form, "editor", "wrong-password")
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_MESSAGE in html
    # The form is still there (and the usual "correct username and password" error is not).
    assert 'name="password"' in html and "correct username" not in html
    assert client.get(reverse(form)).status_code == 200


@pytest.mark.parametrize("form", FORMS)
def test_correct_password_is_refused_when_locked_out(client, editor, form):
    fail(client, form, "editor", 5)
    response = sign_in(client, form, "editor", PASSWORD)
    assert response.status_code == 429 and LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_on_one_form_holds_on_the_other_when_the_same_person_tries(client, editor):
    fail(client, "login", "editor", 5)
    assert sign_in(client, "wagtailadmin_login", "editor", PASSWORD).status_code == 429


def test_other_usernames_can_sign_in_when_one_is_locked_out(client, editor, teacher):
    fail(client, "login", "editor", 5)
    response = sign_in(client, "login", "teacher", PASSWORD)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(teacher.pk)


def test_counter_resets_when_a_sign_in_succeeds(client, editor):
    fail(client, "login", "editor", 4)
    assert sign_in(client, "login", "editor", PASSWORD).status_code == 302
    client.logout()
    # Four more failures are again below the limit, and the right password still works.
    assert fail(client, "login", "editor", 4) == [200] * 4
    assert sign_in(client, "login", "editor", PASSWORD).status_code == 302


def test_limit_and_cooloff_follow_the_settings_when_changed(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert fail(client, "login", "editor", 2) == [200, 429]


@pytest.fixture
def admin_client_for_unlock(client, db):
    admin = UserFactory(username="admin")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


def test_administrator_unlock_restores_access_when_clicked(client, editor, admin_client_for_unlock, other_client):
    fail(other_client, "login", "editor", 5)
    index = admin_client_for_unlock.get(reverse("locked_signins:index"))
    assert index.status_code == 200
    attempt = AccessAttempt.objects.get(username="editor")
    html = index.content.decode()
    assert "Unlock editor" in html and reverse("locked_signins:unlock", args=[attempt.pk]) in html

    response = admin_client_for_unlock.post(reverse("locked_signins:unlock", args=[attempt.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("locked_signins:index")
    assert not AccessAttempt.objects.filter(username="editor").exists()
    assert "No one is locked out." in admin_client_for_unlock.get(reverse("locked_signins:index")).content.decode()
    assert sign_in(other_client, "login", "editor", PASSWORD).status_code == 302


def test_locked_signins_screen_is_refused_when_the_user_is_not_a_superuser(client, editor):
    fail(client, "login", "editor", 5)
    attempt = AccessAttempt.objects.get(username="editor")
    client.force_login(editor)
    assert client.get(reverse("locked_signins:index")).status_code in (302, 403)
    assert client.post(reverse("locked_signins:unlock", args=[attempt.pk])).status_code in (302, 403)
    assert AccessAttempt.objects.filter(username="editor").exists()
    client.logout()
    assert client.get(reverse("locked_signins:index")).status_code == 302  # to the admin sign-in


def test_menu_shows_locked_signins_only_when_the_user_is_a_superuser(admin_client_for_unlock, editor, other_client):
    assert "Locked sign-ins" in admin_client_for_unlock.get(reverse("wagtailadmin_home")).content.decode()
    other_client.force_login(editor)
    assert "Locked sign-ins" not in other_client.get(reverse("wagtailadmin_home")).content.decode()


def test_axes_reset_username_command_unlocks_when_run(client, editor):
    fail(client, "login", "editor", 5)
    call_command("axes_reset_username", "editor")
    assert sign_in(client, "login", "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "https:evil.example"])
def test_open_redirect_is_refused_when_next_points_off_site(client, teacher, next_url):
    response = sign_in(client, "login", "teacher", PASSWORD, next=next_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("home:my_learning")


def test_next_on_this_site_is_followed_when_signing_in(client, teacher):
    response = sign_in(client, "login", "teacher", PASSWORD, next="/search/")
    assert response.status_code == 302 and response["Location"] == "/search/"

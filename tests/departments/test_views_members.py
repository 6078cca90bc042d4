"""The members page and the invitation accept page: neutral answers, clear refusals, the
accept flows for an existing and a new account, and one answer for every dead link."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pdsite.departments import services
from pdsite.departments.models import Invitation, Role
from tests.factories.departments import MembershipFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _members_url(slug="maths"):
    return reverse("departments:members", kwargs={"slug": slug})


def _add(client, person, role="teacher", follow=True):
    return client.post(_members_url(), {"add-person": person, "add-role": role}, follow=follow)


def _neutral(response, value: str) -> bytes:
    """The page with what differs by design taken out: the CSRF token and the typed value."""
    return CSRF.sub(b"", response.content).replace(value.encode(), b"VALUE")


def test_unknown_and_outside_usernames_get_byte_identical_pages_when_added(org, stranger, client):
    client.force_login(org.people.hod)
    unknown, outside = _add(client, "nosuchperson"), _add(client, "reviewer")
    assert unknown.status_code == outside.status_code == 200
    assert _neutral(unknown, "nosuchperson") == _neutral(outside, "reviewer")
    assert b"they have been added. Enter an email address to invite someone new." in outside.content
    assert not org.maths.memberships.filter(user=stranger).exists() and not Invitation.objects.exists()


def test_unknown_and_outside_emails_get_byte_identical_pages_and_emails_when_added(
    org, stranger, client, django_capture_on_commit_callbacks
):
    client.force_login(org.people.hod)
    pages, emails = [], []
    for value in ("nobody@elsewhere.example", "reviewer@school.example"):
        with django_capture_on_commit_callbacks(execute=True):
            response = _add(client, value)
        (message,) = mail.outbox
        token = Invitation.objects.get(email=value).token
        pages.append(_neutral(response, value))
        emails.append((message.subject, message.body.replace(token, "TOKEN"), [t.replace(value, "VALUE") for t in message.to]))
        Invitation.objects.all().delete()  # the next page lists only its own invitation
        mail.outbox.clear()
    assert pages[0] == pages[1]
    assert emails[0] == emails[1]
    assert b"otherwise an invitation has been sent to that address." in pages[1]
    assert not org.maths.memberships.filter(user=stranger).exists()


def test_hod_cannot_make_themself_pd_lead_when_adding_their_own_username(org, client):
    client.force_login(org.people.hod)
    response = _add(client, "hod", role="pd_lead", follow=False)
    assert response.status_code == 400
    body = response.content.decode()
    assert "You cannot change your own role or remove yourself" in body
    # The message is linked to the field it is about.
    assert 'aria-describedby="id_add-person_helptext id_add-person_error"' in body
    assert 'id="id_add-person_error"' in body
    assert org.maths.memberships.get(user=org.people.hod).role == Role.HEAD
    uptake = client.get(reverse("departments:report_uptake", kwargs={"slug": org.school.slug}))
    assert uptake.status_code == 403


def test_pd_lead_is_told_who_grants_managing_roles_when_choosing_head(org, client):
    pd_lead = UserFactory(username="pdmaths")
    MembershipFactory(department=org.maths, user=pd_lead, role=Role.PD_LEAD)
    client.force_login(pd_lead)
    response = _add(client, "outsider", role="head", follow=False)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Only an administrator or a head of department at Northfield Academy" in body
    assert 'id="id_add-role_error"' in body
    assert 'aria-describedby="id_add-role_helptext id_add-role_error"' in body
    assert not org.maths.memberships.filter(user=org.people.outsider).exists()


def test_hod_removes_a_member_but_not_themself_when_pressing_remove(org, client):
    client.force_login(org.people.hod)
    url = reverse("departments:members_remove", kwargs={"slug": "maths"})
    page = client.get(_members_url()).content.decode()
    assert 'aria-label="Remove Bob Brown"' in page and "(you)" in page
    response = client.post(url, {"person": org.people.bob.pk})
    assert response.status_code == 302
    assert not org.maths.memberships.filter(user=org.people.bob).exists()
    response = client.post(url, {"person": org.people.hod.pk})
    assert response.status_code == 400
    assert "You cannot change your own role or remove yourself" in response.content.decode()
    assert org.maths.memberships.filter(user=org.people.hod).exists()
    # Someone who is not a member of this department is refused like nobody at all.
    assert client.post(url, {"person": org.people.outsider.pk}).status_code == 400


def test_csv_import_page_reports_invitations_not_accounts_when_the_file_is_good(
    org, stranger, client, django_capture_on_commit_callbacks
):
    client.force_login(org.people.hod)
    upload = SimpleUploadedFile(
        "staff.csv", b"email,first_name,last_name,role\nreviewer@school.example,Rita,R,teacher\nbob@school.example,,,mentor\n"
    )
    users = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("departments:members_import", kwargs={"slug": "maths"}), {"import-file": upload},
                               follow=True)
    body = response.content.decode()
    assert "Imported: 0 added from Northfield Academy, 1 role changes, 1 invitations sent by email." in body
    assert "Invitations waiting for an answer" in body and "reviewer@school.example" in body
    assert User.objects.count() == users and [m.to for m in mail.outbox] == [["reviewer@school.example"]]


def _invitation(org, email, role=Role.TEACHER):
    return services.invitation_create(department=org.maths, email=email, role=role, invited_by=org.people.hod)


def _accept_url(invitation):
    return reverse("departments:invitation_accept", kwargs={"token": invitation.token})


def test_signed_in_invitee_accepts_and_joins_when_the_email_matches(org, stranger, client):
    invitation = _invitation(org, "Reviewer@School.example", Role.MENTOR)
    client.force_login(stranger)
    page = client.get(_accept_url(invitation))
    assert page.status_code == 200 and b"Accept and join Maths" in page.content
    response = client.post(_accept_url(invitation), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home:my_learning")
    assert b"you are now a member of Maths at Northfield Academy" in response.content
    assert org.maths.memberships.get(user=stranger).role == Role.MENTOR
    assert client.get(_accept_url(invitation)).status_code == 410  # used


def test_signed_in_with_another_account_is_told_to_sign_out_when_opening_the_link(org, client):
    invitation = _invitation(org, "someone@else.example")
    client.force_login(org.people.alice)
    page = client.get(_accept_url(invitation))
    assert b"sent to a different email address" in page.content and b"Accept and join" not in page.content
    assert client.post(_accept_url(invitation)).status_code == 400
    assert Invitation.objects.pending().filter(pk=invitation.pk).exists()


def test_visitor_makes_an_account_and_is_signed_in_when_accepting(org, client):
    invitation = _invitation(org, "fresh@else.example", Role.ECT)
    page = client.get(_accept_url(invitation))
    assert page.status_code == 200 and b"Sign in to accept the invitation" in page.content
    response = client.post(
        _accept_url(invitation),
        {"username": "fresh", "first_name": "Fay", "last_name": "Fresh",
         "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="fresh")
    assert user.email == "fresh@else.example" and org.maths.memberships.get(user=user).role == Role.ECT
    assert int(client.session["_auth_user_id"]) == user.pk


def test_sign_up_errors_are_linked_to_their_fields_when_the_passwords_differ(org, client):
    invitation = _invitation(org, "fresh@else.example")
    response = client.post(
        _accept_url(invitation), {"username": "fresh", "password1": "a-long-pass-phrase", "password2": "other-phrase-x"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "didn’t match" in body and 'id="id_password2_error"' in body
    assert 'aria-describedby="id_password2_helptext id_password2_error"' in body
    assert not User.objects.filter(username="fresh").exists()


def test_unknown_expired_and_used_links_answer_the_same_page_when_opened(org, stranger, client):
    expired = _invitation(org, "late@else.example")
    Invitation.objects.filter(pk=expired.pk).update(expires=timezone.now() - timedelta(minutes=1))
    used = _invitation(org, stranger.email)
    services.invitation_accept(invitation=used, user=stranger)
    tokens = ("no-such-token", expired.token, used.token)
    answers = [client.get(reverse("departments:invitation_accept", kwargs={"token": token})) for token in tokens]
    assert {r.status_code for r in answers} == {410}
    # The only difference is the page's own address (in the header's sign-in link).
    assert len({_neutral(r, token) for r, token in zip(answers, tokens)}) == 1
    assert b"This invitation is not valid any more" in answers[0].content
    assert client.post(reverse("departments:invitation_accept", kwargs={"token": expired.token}),
                       {"username": "late", "password1": "a-long-pass-phrase",
                        "password2": "a-long-pass-phrase"}).status_code == 410
    assert not User.objects.filter(username="late").exists()

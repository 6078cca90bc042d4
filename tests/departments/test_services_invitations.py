"""Invitations: made once per address and department, emailed with their link, accepted once."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from pdsite.departments import services
from pdsite.departments.models import Invitation, Role
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _invite(org, email, role=Role.TEACHER, *, capture):
    with capture(execute=True):
        return services.invitation_create(department=org.maths, email=email, role=role, invited_by=org.people.hod)


def test_invitation_is_emailed_with_its_link_when_made(org, django_capture_on_commit_callbacks):
    invitation = _invite(org, "New.Person@Elsewhere.example", capture=django_capture_on_commit_callbacks)
    assert invitation.email == "new.person@elsewhere.example"
    assert invitation.expires - timezone.now() > timedelta(days=13)
    assert len(invitation.token) >= 40
    (message,) = mail.outbox
    assert message.to == ["new.person@elsewhere.example"]
    assert message.subject == "Join Maths at Northfield Academy on pdsite"
    assert f"/departments/invitations/{invitation.token}/" in message.body
    assert "Hana Head has invited you to join Maths at Northfield Academy" in message.body


def test_inviting_an_address_twice_refreshes_the_same_invitation_when_it_is_pending(
    org, django_capture_on_commit_callbacks
):
    first = _invite(org, "twice@elsewhere.example", capture=django_capture_on_commit_callbacks)
    Invitation.objects.filter(pk=first.pk).update(expires=timezone.now() - timedelta(days=1))
    again = _invite(org, "TWICE@elsewhere.example", Role.MENTOR, capture=django_capture_on_commit_callbacks)
    assert Invitation.objects.count() == 1
    again.refresh_from_db()
    assert (again.pk, again.token, again.role) == (first.pk, first.token, Role.MENTOR)
    assert again.expires > timezone.now() + timedelta(days=13)
    assert len(mail.outbox) == 2 and first.token in mail.outbox[1].body


def test_existing_account_joins_once_when_its_email_matches_case_aside(org, stranger):
    invitation = services.invitation_create(
        department=org.maths, email="REVIEWER@school.example", role=Role.ECT, invited_by=org.people.hod
    )
    membership = services.invitation_accept(invitation=invitation, user=stranger)
    assert membership.role == Role.ECT and membership.department == org.maths
    assert stranger.memberships.count() == 2  # still in the other school's department too
    invitation.refresh_from_db()
    assert invitation.accepted_by == stranger and invitation.accepted_at is not None
    with pytest.raises(services.InvitationNotValid):
        services.invitation_accept(invitation=invitation, user=stranger)


def test_accept_is_refused_when_the_signed_in_account_has_another_email(org, stranger):
    invitation = services.invitation_create(department=org.maths, email="someone@else.example", invited_by=org.people.hod)
    with pytest.raises(ValidationError, match="different email address"):
        services.invitation_accept(invitation=invitation, user=stranger)
    assert not org.maths.memberships.filter(user=stranger).exists()


def test_accept_is_refused_when_the_invitation_has_expired(org):
    person = UserFactory(username="late", email="late@else.example")
    invitation = services.invitation_create(department=org.maths, email=person.email, invited_by=org.people.hod)
    Invitation.objects.filter(pk=invitation.pk).update(expires=timezone.now() - timedelta(seconds=1))
    with pytest.raises(services.InvitationNotValid):
        services.invitation_accept(invitation=invitation, user=person)


def test_new_account_is_made_for_the_invited_address_when_nobody_has_it(org):
    invitation = services.invitation_create(
        department=org.maths, email="fresh@else.example", role=Role.MENTOR, invited_by=org.people.hod
    )
    user = services.invitation_accept_new_account(
        invitation=invitation, username="fresh", password="a-long-pass-phrase", first_name="Fay"
    )
    assert (user.email, user.first_name) == ("fresh@else.example", "Fay")
    assert user.check_password("a-long-pass-phrase")
    assert org.maths.memberships.get(user=user).role == Role.MENTOR


def test_new_account_is_refused_when_the_address_has_an_account_already(org, stranger):
    invitation = services.invitation_create(department=org.maths, email=stranger.email, invited_by=org.people.hod)
    with pytest.raises(ValidationError, match="sign in with it"):
        services.invitation_accept_new_account(invitation=invitation, username="second", password="a-long-pass-phrase")
    assert not User.objects.filter(username="second").exists()


def test_pd_lead_cannot_invite_a_head_when_the_role_is_managing(org):
    with pytest.raises(ValidationError, match="Only an administrator"):
        services.invitation_create(department=org.other, email="x@else.example", role=Role.HEAD, invited_by=org.people.pdlead)
    assert not Invitation.objects.exists()


def test_link_in_the_email_is_the_accept_page_when_opened(org, client, django_capture_on_commit_callbacks):
    _invite(org, "link@else.example", capture=django_capture_on_commit_callbacks)
    path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(path)
    assert response.status_code == 200 and b"Join Maths at Northfield Academy" in response.content

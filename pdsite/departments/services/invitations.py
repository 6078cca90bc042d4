"""Writes for invitations to join a department: making (or refreshing) one and emailing its
link, and accepting it, with the account the invited address already has or a new one.

An invitation never tells the person who sent it whether the address has an account: making
one is the same whatever the address, and the email is the same. Accepting checks the token
is still pending (unused, unexpired) with a conditional update, so a link works once.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .. import permissions
from ..models import Department, Invitation, Membership, Role

User = get_user_model()

WRONG_ACCOUNT = (
    "This invitation was sent to a different email address from the one on the account you are "
    "signed in with. Sign out, then open the link again to accept it."
)
ACCOUNT_EXISTS = "An account already uses the invited email address: sign in with it to accept the invitation."


class InvitationNotValid(Exception):
    """The invitation is unknown, used or expired (callers answer all three alike)."""


def invitation_create(
    *,
    department: Department,
    email: str,
    role: str = Role.TEACHER,
    invited_by,
    first_name: str = "",
    last_name: str = "",
) -> Invitation:
    """Invite `email` to `department` with `role`, and email the link once the transaction commits.

    A pending invitation (not accepted yet, expired or not) for the same address and department
    is refreshed: new role, inviter and expiry, same link. Raises ValidationError when
    `invited_by` may not grant `role` (see permissions.can_grant_role).
    """
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    if not permissions.can_grant_role(invited_by, department.school, role):
        raise ValidationError({"role": permissions.ROLE_GRANT_REFUSED.format(school=department.school)})
    email = email.strip().lower()
    fields = {
        "role": role,
        "invited_by": invited_by,
        "expires": timezone.now() + timedelta(days=Invitation.VALID_DAYS),
        **({"first_name": first_name[:150]} if first_name else {}),
        **({"last_name": last_name[:150]} if last_name else {}),
    }
    with transaction.atomic():
        invitation = _open_invitation(department, email)
        if invitation is None:
            try:
                with transaction.atomic():
                    invitation = Invitation.objects.create(
                        department=department, email=email, token=secrets.token_urlsafe(32), **fields
                    )
            except IntegrityError:  # made at the same moment by another request: refresh that one
                invitation = _open_invitation(department, email)
                _refresh(invitation, fields)
        else:
            _refresh(invitation, fields)
        transaction.on_commit(lambda: invitations_send(invitation_ids=[invitation.pk]))
    return invitation


def _open_invitation(department, email) -> Invitation | None:
    return Invitation.objects.select_for_update().filter(
        department=department, email=email, accepted_at__isnull=True
    ).first()


def _refresh(invitation: Invitation, fields: dict) -> None:
    for name, value in fields.items():
        setattr(invitation, name, value)
    invitation.save(update_fields=[*fields])


def invitations_send(*, invitation_ids) -> int:
    """Email each pending invitation its link (over one connection); return how many were sent."""
    invitations = Invitation.objects.pending().filter(pk__in=invitation_ids).select_related(
        "department__school", "invited_by"
    )
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")  # the site's address, never the request's Host
    messages = []
    for invitation in invitations:
        link = base + reverse("departments:invitation_accept", kwargs={"token": invitation.token})
        context = {"invitation": invitation, "link": link, "department": invitation.department}
        subject = f"Join {invitation.department.name} at {invitation.department.school} on pdsite"
        body = render_to_string("departments/email/invitation.txt", context)
        messages.append(EmailMessage(subject, body, None, [invitation.email]))
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """`user` (whose email must be the invited address, case aside) joins the department.

    The role is the invitation's unless they are a member there already (their role is kept).
    Raises ValidationError for another address, InvitationNotValid if it was used or expired
    meanwhile.
    """
    if (user.email or "").strip().lower() != invitation.email:
        raise ValidationError(WRONG_ACCOUNT)
    now = timezone.now()
    with transaction.atomic():
        claimed = Invitation.objects.pending(now=now).filter(pk=invitation.pk).update(
            accepted_at=now, accepted_by=user
        )
        if not claimed:
            raise InvitationNotValid
        membership, _ = Membership.objects.get_or_create(
            department=invitation.department, user=user, defaults={"role": invitation.role}
        )
    return membership


def invitation_accept_new_account(
    *, invitation: Invitation, username: str, password: str, first_name: str = "", last_name: str = ""
):
    """Create an account for the invited address (username and password checked by the form),
    accept the invitation with it and return the user. Raises ValidationError when an account
    already uses the address (the person holding the link is told to sign in instead)."""
    with transaction.atomic():
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(ACCOUNT_EXISTS)
        user = User(username=username, email=invitation.email, first_name=first_name, last_name=last_name)
        user.set_password(password)
        user.save()
        invitation_accept(invitation=invitation, user=user)
    return user

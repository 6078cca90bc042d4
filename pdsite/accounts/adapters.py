"""allauth's hooks, asking pdsite's policy (policy.py) about every single sign-on.

- `pre_social_login`: the policy accepts or refuses the sign-in (a refusal is a page saying
  why, status 403); a returning account that a head of department refused stays refused; a new
  identity whose email the policy takes as verified links to the existing account with that
  email, and only then (never for administrators, never to two accounts at once).
- `save_user`: a new account from an accepted sign-in becomes a pending member of its school.
"""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import render

from . import policy
from .models import PendingMember
from .selectors import school_rules_list
from .services import pending_member_create


def refused_response(request, reason: str):
    return render(request, "accounts/refused.html", {"reason": reason}, status=403)


def _refuse(request, reason: str):
    raise ImmediateHttpResponse(refused_response(request, reason))


def decision_for(sociallogin) -> policy.Decision:
    account = sociallogin.account
    return policy.decide(policy.identity_from(account.provider, account.extra_data or {}), school_rules_list())


class SchoolSocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        if sociallogin.state.get("process") == "connect":
            _refuse(request, "School sign-ins are linked to accounts by their verified email address, not by hand.")
        decision = decision_for(sociallogin)
        if not decision.accepted:
            _refuse(request, decision.refusal)
        if sociallogin.is_existing:
            self._check_active(request, sociallogin.user)
            return
        User = get_user_model()
        matches = list(User.objects.filter(email__iexact=decision.email)[:2])
        if not matches:
            return  # a new account: save_user makes it a pending member
        if len(matches) > 1:
            _refuse(request, "More than one account on pdsite uses this email address. Ask an administrator to sort it out.")
        user = matches[0]
        if user.is_superuser:
            _refuse(request, "Administrator accounts sign in with their password, not with a school account.")
        self._check_active(request, user)
        sociallogin.connect(request, user)
        messages.success(request, f"Your school sign-in is now linked to your pdsite account ({user.username}).")

    def _check_active(self, request, user):
        if user.is_active:
            return
        if PendingMember.objects.filter(user=user, status=PendingMember.Status.REFUSED).exists():
            _refuse(request, "A head of department at your school refused your request to join. Ask them if this is a mistake.")
        _refuse(request, "This account is switched off. Ask your school's head of department or an administrator.")

    def is_open_for_signup(self, request, sociallogin):
        # The policy has accepted the sign-in (pre_social_login); local sign-up stays closed.
        return True

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        decision = decision_for(sociallogin)
        pending = pending_member_create(
            user=user, school_id=decision.school_id, email=decision.email, provider=sociallogin.account.provider
        )
        messages.info(
            request,
            f"Welcome. A head of department at {pending.school.name} will approve your membership; "
            "until then you see what any visitor sees.",
        )
        return user

"""policy.py, as a function: which single sign-ins are accepted, into which school, and why the
others are refused (Google `hd`, Entra `tid` and issuer, email domain, email verified)."""

import pytest

from pdsite.accounts.policy import (
    Identity,
    SchoolRules,
    decide,
    email_domain,
    identity_from,
    parse_domains,
)

TENANT = "0b6a9c8e-1111-4222-8333-444455556666"
OTHER_TENANT = "9f9f9f9f-aaaa-4bbb-8ccc-dddddddddddd"
SCHOOLS = [
    SchoolRules(school_id=1, name="Greenfield Academy", domains=("greenfield.sch.uk", "gfa.org.uk"), entra_tenant_id=TENANT),
    SchoolRules(school_id=2, name="Hillside School", domains=("hillside.example",)),
]


def google(email="amy@greenfield.sch.uk", hd="greenfield.sch.uk", verified=True):
    return identity_from("google", {"email": email, "email_verified": verified, **({"hd": hd} if hd else {})})


def entra(email="amy@greenfield.sch.uk", tid=TENANT, iss=None):
    claims = {"tid": tid, "iss": iss or f"https://login.microsoftonline.com/{tid}/v2.0", "preferred_username": email}
    return identity_from("entra", {"id_token": claims})


def oidc(email="amy@hillside.example", verified=True, where="userinfo"):
    return identity_from("oidc", {where: {"sub": "1", "email": email, "email_verified": verified}})


def test_google_workspace_account_is_accepted_into_the_school_of_its_domain():
    decision = decide(google(), SCHOOLS)
    assert decision.accepted and decision.school_id == 1 and decision.email == "amy@greenfield.sch.uk"
    assert decision.email_verified


def test_second_domain_of_a_school_is_accepted_when_listed():
    assert decide(google("amy@gfa.org.uk", hd="gfa.org.uk"), SCHOOLS).school_id == 1


@pytest.mark.parametrize(
    ("identity", "reason"),
    [
        (google(hd=""), "personal Google account"),
        (google(hd="other.example"), "belongs to other.example, not to greenfield.sch.uk"),
        (google(verified=False), "not verified"),
        (google("amy@gmail.com", hd=""), "gmail.com is not the email domain of a school"),
    ],
    ids=["no-hd", "hd-of-another-domain", "unverified", "consumer-gmail"],
)
def test_google_sign_in_is_refused_when_the_hd_claim_or_email_does_not_prove_the_school(identity, reason):
    decision = decide(identity, SCHOOLS)
    assert not decision.accepted and reason in decision.refusal
    assert not decision.email_verified


def test_entra_sign_in_is_accepted_when_the_tenant_is_the_schools():
    decision = decide(entra(), SCHOOLS)
    assert decision.accepted and decision.school_id == 1 and decision.email_verified


def test_entra_email_claim_wins_over_the_sign_in_name_when_sent():
    identity = identity_from("entra", {"id_token": {"tid": TENANT, "email": "Amy@Greenfield.sch.uk", "preferred_username": "x@y.z"}})
    assert identity.email == "Amy@Greenfield.sch.uk"
    assert decide(identity, SCHOOLS).email == "amy@greenfield.sch.uk"  # compared in lower case


@pytest.mark.parametrize(
    ("identity", "reason"),
    [
        (entra(tid=OTHER_TENANT), "not in Greenfield Academy's Microsoft 365 directory"),
        (entra(iss=f"https://login.microsoftonline.com/{OTHER_TENANT}/v2.0"), "not in Greenfield Academy's"),
        (entra(iss="https://evil.example/v2.0"), "not in Greenfield Academy's"),
        (entra(tid=""), "not in Greenfield Academy's"),
        (entra("amy@hillside.example"), "Hillside School does not sign in with Microsoft 365"),
    ],
    ids=["other-tenant", "issuer-of-another-tenant", "foreign-issuer", "no-tid", "school-without-tenant"],
)
def test_entra_sign_in_is_refused_when_the_tenant_is_not_the_schools(identity, reason):
    decision = decide(identity, SCHOOLS)
    assert not decision.accepted and reason in decision.refusal


def test_entra_tenant_is_read_from_the_id_token_never_from_userinfo():
    identity = identity_from(
        "entra", {"id_token": {"tid": OTHER_TENANT}, "userinfo": {"tid": TENANT, "email": "amy@greenfield.sch.uk"}}
    )
    assert identity.tenant_id == OTHER_TENANT and not decide(identity, SCHOOLS).accepted


def test_generic_provider_is_accepted_when_the_email_is_verified():
    assert decide(oidc(), SCHOOLS).school_id == 2
    assert decide(oidc(where="id_token"), SCHOOLS).school_id == 2
    assert decide(oidc(verified="true"), SCHOOLS).accepted  # some providers send a string


@pytest.mark.parametrize("verified", [False, None, "false", "yes", 1])
def test_generic_provider_is_refused_when_the_email_is_not_verified(verified):
    decision = decide(oidc(verified=verified), SCHOOLS)
    assert decision.refusal == "Your sign-in provider has not verified this email address."


@pytest.mark.parametrize("email", ["", "no-at-sign", "@hillside.example"])
def test_sign_in_is_refused_when_it_carries_no_usable_email(email):
    assert "did not tell us an email address" in decide(oidc(email), SCHOOLS).refusal


def test_subdomain_of_an_allowed_domain_is_refused():
    assert not decide(oidc("amy@pupils.hillside.example"), SCHOOLS).accepted


def test_no_schools_refuses_every_sign_in():
    assert not decide(Identity(provider="oidc", email="a@b.example", email_verified=True), []).accepted


def test_parse_domains_reads_lines_and_commas_once_each_in_lower_case():
    assert parse_domains("Greenfield.sch.uk, @gfa.org.uk\n\ngreenfield.sch.uk; x.example.") == [
        "greenfield.sch.uk", "gfa.org.uk", "x.example",
    ]


def test_parse_domains_names_the_bad_entry_when_strict():
    assert parse_domains("ok.example, http://x.example") == ["ok.example"]  # not strict: skipped
    with pytest.raises(ValueError, match="“http://x.example” is not an email domain"):
        parse_domains("ok.example http://x.example", strict=True)


def test_email_domain_is_the_part_after_the_last_at():
    assert email_domain("A@B.Example") == "b.example"
    assert email_domain("nobody") == "" and email_domain("@x.example") == ""

"""Pending members: the head of department of the school approves (into a department they head)
or refuses; anyone else, a decided request and an unknown id get the same 404; bad input is
refused with a message and changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pdsite.accounts import access, services
from pdsite.accounts.models import PendingMember
from pdsite.departments.models import Membership, Notification, Role
from tests.factories.users import UserFactory


@pytest.fixture
def ada(sso):
    user = UserFactory(username="ada", email="ada@allowed.example", first_name="Ada", last_name="Lovelace")
    return services.pending_member_create(user=user, school_id=sso.school.pk, email=user.email, provider="oidc")


def approve(client, pending, department):
    return client.post(reverse("accounts:pending_approve", args=[pending.pk]), {f"p{pending.pk}-department": department.pk})


def test_head_of_department_sees_the_pending_members_of_their_school(sign_in, sso, ada):
    html = sign_in(sso.hod).get(reverse("accounts:pending")).content.decode()
    assert "ada@allowed.example" in html and "Approve ada@allowed.example" in html
    # Only the departments they head are offered.
    assert ">Maths</option>" in html and "Science" not in html


@pytest.mark.parametrize("who", ["staff", "other_hod"])
def test_others_see_no_pending_members(sign_in, sso, ada, who):
    html = sign_in(getattr(sso, who)).get(reverse("accounts:pending")).content.decode()
    assert "ada@allowed.example" not in html and "No one is waiting for approval." in html


def test_pending_page_asks_anonymous_people_to_sign_in(client, ada):
    response = client.get(reverse("accounts:pending"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_approval_adds_the_member_to_the_department_as_a_teacher_when_posted(sign_in, sso, ada):
    client = sign_in(sso.hod)
    response = approve(client, ada, sso.maths)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:pending")
    ada.refresh_from_db()
    assert ada.status == PendingMember.Status.APPROVED and ada.decided_by == sso.hod and ada.department == sso.maths
    assert Membership.objects.get(user=ada.user).department == sso.maths
    assert ada.user.memberships.get().role == Role.TEACHER and ada.user.groups.filter(name="Teachers").exists()
    assert Notification.objects.filter(user=ada.user, subject="Welcome to Maths").exists()
    page = client.get(reverse("accounts:pending")).content.decode()
    assert "ada@allowed.example joined Maths as a teacher." in page and "No one is waiting" in page


def test_refusal_switches_the_new_account_off_when_posted(sign_in, sso, ada):
    response = sign_in(sso.hod).post(reverse("accounts:pending_refuse", args=[ada.pk]))
    assert response.status_code == 302
    ada.refresh_from_db()
    ada.user.refresh_from_db()
    assert ada.status == PendingMember.Status.REFUSED and not ada.user.is_active
    assert not Membership.objects.filter(user=ada.user).exists()


def test_refusal_keeps_an_account_that_belongs_to_another_department(sso, ada):
    Membership.objects.create(user=ada.user, department=sso.other_maths)
    services.pending_member_refuse(pending=ada, by=sso.hod)
    ada.user.refresh_from_db()
    assert ada.user.is_active


def test_approval_into_a_department_they_do_not_head_is_refused_with_a_message(sign_in, sso, ada):
    client = sign_in(sso.hod)
    response = approve(client, ada, sso.science)
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.status == PendingMember.Status.PENDING and not Membership.objects.filter(user=ada.user).exists()
    assert "Choose one of your departments" in client.get(reverse("accounts:pending")).content.decode()


@pytest.mark.parametrize("who", ["staff", "other_hod"])
@pytest.mark.parametrize("action", ["pending_approve", "pending_refuse"])
def test_decision_by_someone_who_may_not_decide_answers_like_an_unknown_id(sign_in, sso, ada, who, action):
    client = sign_in(getattr(sso, who))
    data = {f"p{ada.pk}-department": sso.maths.pk}
    assert client.post(reverse(f"accounts:{action}", args=[ada.pk]), data).status_code == 404
    assert client.post(reverse(f"accounts:{action}", args=[999_999]), data).status_code == 404
    ada.refresh_from_db()
    assert ada.status == PendingMember.Status.PENDING


def test_decided_request_answers_like_an_unknown_id(sign_in, sso, ada):
    client = sign_in(sso.hod)
    approve(client, ada, sso.maths)
    assert client.post(reverse("accounts:pending_refuse", args=[ada.pk])).status_code == 404
    ada.user.refresh_from_db()
    assert ada.user.is_active


def test_decisions_need_a_post(sign_in, sso, ada):
    client = sign_in(sso.hod)
    assert client.get(reverse("accounts:pending_approve", args=[ada.pk])).status_code == 405
    assert client.get(reverse("accounts:pending_refuse", args=[ada.pk])).status_code == 405


def test_forged_decision_without_the_csrf_token_is_refused(sign_in, sso, ada):
    client = sign_in(sso.hod, enforce_csrf=True)
    assert client.post(reverse("accounts:pending_refuse", args=[ada.pk])).status_code == 403
    ada.refresh_from_db()
    assert ada.status == PendingMember.Status.PENDING


def test_service_refuses_a_second_decision_and_a_department_of_another_school(sso, ada):
    with pytest.raises(ValidationError, match="one of the school's departments"):
        services.pending_member_approve(pending=ada, department=sso.other_maths, by=sso.admin)
    services.pending_member_approve(pending=ada, department=sso.science, by=sso.admin)  # a superuser: any of the school's
    with pytest.raises(ValidationError, match="already decided"):
        services.pending_member_refuse(pending=ada, by=sso.admin)


def test_a_second_first_sign_in_does_not_make_a_second_request(sso, ada):
    again = services.pending_member_create(user=ada.user, school_id=sso.school.pk, email=ada.email, provider="oidc")
    assert again == ada and PendingMember.objects.count() == 1


def test_superuser_may_decide_on_every_school(sso, ada):
    assert list(access.decidable_pending_members(sso.admin)) == [ada]
    assert set(access.approval_departments(sso.admin, sso.school)) == {sso.maths, sso.science}

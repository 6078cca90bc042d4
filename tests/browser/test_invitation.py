"""Invitations in Chromium: the head of department invites an address on the members page, the
invitee makes an account from the emailed link, the used link is dead; axe on every page."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_invitee_makes_an_account_and_joins_when_following_the_emailed_link(browser_ready, live_server):
    from django.contrib.auth import get_user_model

    from pdsite.departments.models import Role
    from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
    from tests.factories.users import UserFactory

    school = SchoolFactory(name="Northfield Academy", slug="northfield")
    maths = DepartmentFactory(school=school, name="Mathematics", slug="northfield-maths")
    hod = UserFactory(username="hod", first_name="Hannah", last_name="Okafor")
    MembershipFactory(department=maths, user=hod, role=Role.HEAD)
    common = {
        "BASE_URL": live_server.url,
        "PASSWORD": PASSWORD,
        "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "invitation"),
    }
    mail.outbox.clear()
    result = run_node(
        "invitation.mjs",
        {**common, "PHASE": "hod", "HOD_USERNAME": "hod", "DEPARTMENT_SLUG": maths.slug,
         "INVITE_EMAIL": "new.teacher@elsewhere.example"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "invitation-hod: ok" in result.stdout
    (message,) = mail.outbox
    assert message.to == ["new.teacher@elsewhere.example"]
    path = re.search(r"https?://[^/\s]+(/departments/invitations/\S+/)", message.body).group(1)

    result = run_node("invitation.mjs", {**common, "PHASE": "invitee", "INVITE_PATH": path})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "invitation-invitee: ok" in result.stdout
    user = get_user_model().objects.get(username="newteacher")
    assert user.email == "new.teacher@elsewhere.example"
    assert maths.memberships.get(user=user).role == Role.TEACHER

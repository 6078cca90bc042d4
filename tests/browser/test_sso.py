"""Single sign-on in Chromium against the real OpenID provider (issue #16): a new teacher signs
in with their school account and waits as a pending member, then signs out; a sign-in from a
refused domain gets the page saying why; an existing account is linked by its verified email;
the head of department approves the pending member into Maths. Axe on every pdsite page."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from pdsite.accounts.models import PendingMember
from pdsite.departments.models import Role
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.accounts import SchoolSignInFactory
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import PASSWORD, UserFactory
from tests.support.oidc import require_provider

pytestmark = [pytest.mark.browser, pytest.mark.service]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_school_staff_sign_in_with_their_school_account(browser_ready, live_server, home_page):
    require_provider()
    school = SchoolFactory(name="Allowed Academy", slug="allowed-academy")
    SchoolSignInFactory(school=school, allowed_domains="allowed.example")
    maths = DepartmentFactory(school=school, name="Maths", slug="aa-maths")
    hod = UserFactory(username="hod", first_name="Hana", last_name="Khan", email="hana.khan@allowed.example")
    MembershipFactory(department=maths, user=hod, role=Role.HEAD)
    bea = UserFactory(username="bea", first_name="Bea", email="bea.morgan@allowed.example")

    result = run_node(
        "sso.mjs",
        {"BASE_URL": live_server.url, "PASSWORD": PASSWORD, "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "sso")},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "sso: ok" in result.stdout
    User = get_user_model()
    ada = User.objects.get(email="ada.lovelace@allowed.example")
    pending = PendingMember.objects.get(user=ada)
    assert pending.status == PendingMember.Status.APPROVED and pending.decided_by == hod
    assert ada.memberships.get().department == maths
    assert SocialAccount.objects.get(user=bea).provider == "oidc"
    assert not User.objects.filter(email__iendswith="@refused.example").exists()

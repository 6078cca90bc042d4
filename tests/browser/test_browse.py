"""A teacher browses the demo content in Chromium, with axe on every page."""

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_teacher_browses_curriculum_unit_clip_big_idea_module_and_filters(browser_ready, live_server):
    call_command("seed_demo", "--small", stdout=io.StringIO(), stderr=io.StringIO())
    UserFactory(username="browsing-teacher", groups=["Teachers"])
    result = run_node(
        "browse.mjs",
        {
            "BASE_URL": live_server.url,
            "USERNAME": "browsing-teacher",
            "PASSWORD": PASSWORD,
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "browse"),
        },
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "browse: ok" in result.stdout

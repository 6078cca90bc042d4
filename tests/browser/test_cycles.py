"""The cycles journey in Chromium: a teacher starts a lesson study, sets a step's owner and date,
marks a step done; the head of department's dashboard lists the open cycle (cycles.mjs)."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_teacher_starts_a_lesson_study_and_the_dashboard_lists_it(browser_ready, live_server):
    from pdsite.cycles.models import Cycle
    from pdsite.departments.models import Role
    from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
    from tests.factories.users import UserFactory

    school = SchoolFactory(name="Northfield Academy", slug="northfield")
    maths = DepartmentFactory(school=school, name="Mathematics", slug="northfield-maths")
    people = {
        "hod": ("Hannah", "Okafor", Role.HEAD),
        "alice": ("Alice", "Adams", Role.TEACHER),
        "bob": ("Bob", "Brown", Role.TEACHER),
    }
    for username, (first, last, role) in people.items():
        MembershipFactory(department=maths, user=UserFactory(username=username, first_name=first, last_name=last),
                          role=role)
    due = timezone.localdate() + datetime.timedelta(days=5)
    common = {
        "BASE_URL": live_server.url,
        "PASSWORD": PASSWORD,
        "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "cycles"),
        "DEPARTMENT_SLUG": maths.slug,
        "DEPARTMENT_NAME": maths.name,
        "CYCLE_TITLE": "Y8 ratio tables",
        "COLLEAGUE_NAME": "Bob Brown",
        "DUE_ON": due.isoformat(),
        "DUE_TEXT": due.strftime("%a %-d %b %Y"),
    }
    result = run_node("cycles.mjs", {**common, "PHASE": "teacher", "TEACHER_USERNAME": "alice"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "cycles-teacher: ok" in result.stdout

    cycle = Cycle.objects.get()
    co_plan = cycle.steps.get(kind="co_plan")
    assert (co_plan.owner.username, co_plan.due_on) == ("bob", due)
    assert cycle.steps.get(order=1).done_by.username == "alice"

    result = run_node("cycles.mjs", {**common, "PHASE": "hod", "HOD_USERNAME": "hod"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "cycles-hod: ok" in result.stdout

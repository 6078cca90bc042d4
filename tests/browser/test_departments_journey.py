"""The departments journey in Chromium: workshop with pre-viewing, readiness, reminder, CSV."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hod_sees_one_of_two_ready_and_the_reminder_goes_to_the_second(browser_ready, live_server):
    from pdsite.departments.models import Role
    from pdsite.departments.tasks import assignment_reminders_task
    from tests.departments.conftest import make_clip, watch
    from tests.factories.courses import ClipLibraryPageFactory
    from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
    from tests.factories.users import UserFactory

    library = ClipLibraryPageFactory()
    clips = [
        make_clip(library, "Equals is not 'the answer is'", "equals"),
        make_clip(library, "Like terms with algebra tiles", "like-terms"),
    ]
    school = SchoolFactory(name="Northfield Academy", slug="northfield")
    maths = DepartmentFactory(school=school, name="Mathematics", slug="northfield-maths")
    science = DepartmentFactory(school=school, name="Science", slug="northfield-science")
    hod = UserFactory(username="hod", first_name="Hannah", last_name="Okafor")
    ready = UserFactory(username="alice", first_name="Alice", last_name="Adams")
    half = UserFactory(username="bob", first_name="Bob", last_name="Brown")
    pdlead = UserFactory(username="pdl", first_name="Priya", last_name="Shah")
    MembershipFactory(department=maths, user=hod, role=Role.HEAD)
    MembershipFactory(department=maths, user=ready)
    MembershipFactory(department=maths, user=half, role=Role.ECT)
    MembershipFactory(department=science, user=pdlead, role=Role.PD_LEAD)
    for clip in clips:  # through the real progress service
        watch(ready, clip, (0, 12), (12, 20))
        watch(half, clip, (0, 10))

    starts = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    common = {
        "BASE_URL": live_server.url,
        "DEPARTMENT_SLUG": maths.slug,
        "DEPARTMENT_NAME": maths.name,
        "PASSWORD": PASSWORD,
        "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "departments"),
    }
    result = run_node(
        "departments.mjs",
        {
            **common,
            "PHASE": "hod",
            "HOD_USERNAME": "hod",
            "PD_LEAD_USERNAME": "pdl",
            "STARTS_AT": starts.strftime("%Y-%m-%dT%H:%M"),
            "EXPECTED_DUE": (starts - timedelta(hours=48)).strftime("%a %-d %b %Y, %H:%M"),
            "ATTENDEES": "Alice Adams|Bob Brown",
            "CLIPS": "|".join(c.title for c in clips),
            "VIDEO_ID": str(clips[0].video_id),
        },
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "departments-hod: ok" in result.stdout
    assert 'roster csv: [["Teacher"' in result.stdout

    mail.outbox.clear()
    assert assignment_reminders_task() == 1  # the real beat task body
    assert [m.to for m in mail.outbox] == [[half.email]]
    assert assignment_reminders_task() == 0  # and never twice

    workshop_url = re.search(r"workshop url: (\S+)", result.stdout).group(1)
    result = run_node("departments.mjs", {**common, "PHASE": "teacher", "TEACHER_USERNAME": "bob", "WORKSHOP_URL": workshop_url})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "departments-teacher: ok" in result.stdout

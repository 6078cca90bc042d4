"""The department dashboard lists the open cycles with their next step and due date, in a
fixed number of queries however many cycles there are."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pdsite.cycles import selectors, services
from tests.factories.cycles import cycle_for

START = datetime.date(2026, 9, 7)


def test_open_cycles_show_their_next_step_owner_and_due_date(study, org):
    services.step_complete(step=study.steps.select_related("cycle").get(order=1), by=org.people.alice)
    (summary,) = selectors.open_cycles_for_department(department=org.maths, user=org.people.hod)
    assert summary.next_step.kind == "co_plan" and summary.next_step.owner == org.people.alice
    assert (summary.steps_done, summary.steps_total) == (1, 7)


def test_open_cycles_leave_out_closed_ones_and_sort_by_the_next_due_date(org):
    p = org.people
    later = cycle_for(org.maths, p.alice, title="Later", starts_on=START + datetime.timedelta(days=10))
    sooner = cycle_for(org.maths, p.bob, title="Sooner", starts_on=START)
    closed = cycle_for(org.maths, p.bob, title="Closed", starts_on=START)
    services.cycle_close(cycle=closed, by=p.bob)
    titles = [s.cycle.title for s in selectors.open_cycles_for_department(department=org.maths, user=p.hod)]
    assert titles == [sooner.title, later.title]
    # A teacher sees only the open cycles they are in (the same rule as the cycle's page).
    assert [s.cycle.title for s in selectors.open_cycles_for_department(department=org.maths, user=p.bob)] == [
        "Sooner"]


def test_open_cycles_take_two_queries_however_many_cycles(org):
    for n in range(5):
        cycle_for(org.maths, org.people.alice, title=f"Cycle {n}")
    with CaptureQueriesContext(connection) as queries:
        summaries = selectors.open_cycles_for_department(department=org.maths, user=org.people.hod)
        [(s.next_step.title, s.next_step.owner.username) for s in summaries]
    assert len(summaries) == 5 and len(queries) == 2


def test_dashboard_lists_the_open_cycle_in_the_same_queries_for_one_or_five(org, sign_in):
    client = sign_in(org.people.hod)
    url = reverse("departments:dashboard", kwargs={"slug": org.maths.slug})
    cycle_for(org.maths, org.people.alice, title="Y8 ratio tables")
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "Open cycles" in page and "Y8 ratio tables" in page and "Next: Agree the research focus" in page
    for n in range(4):
        cycle_for(org.maths, org.people.bob, title=f"Cycle {n}")
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert "Cycle 3" in page
    assert len(five) == len(one)

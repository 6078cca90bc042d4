"""What is due for whom (issue #19, item 10): the departments index, the Assignments page, the
department grid and My learning read one definition (`selectors.due`), so they agree. Played
on the demo seed (its workshop is facilitated by the head of department, who is not invited)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pdsite.departments import selectors, services
from pdsite.departments.demo import seed as seed_departments
from pdsite.departments.models import Department, Workshop
from tests.factories.users import UserFactory

from .conftest import make_clip

pytestmark = pytest.mark.django_db

PRE_VIEWING = ["Equals is not 'the answer is'", "Like terms with algebra tiles"]


@pytest.fixture
def demo(clip_library):
    """The demo department and its "Equality and equivalence" workshop, as seed_demo makes them."""
    make_clip(clip_library, PRE_VIEWING[0], "equals-is-not-the-answer-is")
    make_clip(clip_library, PRE_VIEWING[1], "like-terms-with-algebra-tiles")
    workshop = seed_departments()
    return workshop, Department.objects.get(slug="northfield-maths")


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _escaped(title: str) -> str:
    return title.replace("'", "&#x27;")


def test_facilitator_sees_their_workshop_on_the_departments_index_when_not_invited(demo, client):
    workshop, _ = demo
    client.force_login(_user("hod"))
    body = client.get(reverse("departments:index")).content.decode()
    assert "You are not invited to any workshops" not in body
    assert workshop.title in body and "You facilitate" in body
    assert reverse("departments:workshop", kwargs={"slug": workshop.department.slug, "pk": workshop.pk}) in body


def test_assignments_page_lists_the_pre_viewing_the_grid_shows_when_a_workshop_has_some(demo, client):
    workshop, department = demo
    client.force_login(_user("hod"))
    page = client.get(reverse("departments:assignments", kwargs={"slug": department.slug}))
    body = page.content.decode()
    assert "No assignments yet" not in body
    listed = [a.title for a in page.context["assignments"]]
    grid = [a.title for a in selectors.department_grid(department=department).items]
    assert sorted(listed) == sorted(grid) == sorted(PRE_VIEWING)
    for title in PRE_VIEWING:
        assert _escaped(title) in body
    assert f"Pre-viewing for “{workshop.title}”" in body


def test_teacher_sees_the_same_pre_viewing_on_my_learning_and_the_departments_index_when_invited(demo, client):
    workshop, department = demo
    client.force_login(_user("teacher"))
    for url in (reverse("home:my_learning"), reverse("departments:index")):
        body = client.get(url).content.decode()
        assert "Nothing assigned to you is due" not in body, url
        for title in PRE_VIEWING:
            assert _escaped(title) in body, url
        assert workshop.title in body and "You are invited" in body, url
    due = selectors.due_for_user(user=_user("teacher"))
    mine = {item.assignment.pk for item in due.to_watch}
    assert mine == {a.pk for a in selectors.department_due(department=department)}


def test_facilitator_who_does_not_manage_the_department_opens_their_workshop_when_listed(demo, client):
    workshop, department = demo
    teacher = _user("teacher")
    trg = services.workshop_create(
        department=department,
        data=services.WorkshopData(
            title="Year 8 TRG",
            kind=Workshop.Kind.TRG,
            starts_at=timezone.now() - timedelta(hours=2),
            facilitator=teacher,
            attendees=[_user("ect")],
        ),
    )
    client.force_login(teacher)
    index = client.get(reverse("departments:index")).content.decode()
    assert "Year 8 TRG" in index and "You facilitate" in index
    page = client.get(reverse("departments:workshop", kwargs={"slug": department.slug, "pk": trg.pk}))
    assert page.status_code == 200
    assert "Save follow-up" not in page.content.decode()  # the follow-up is the attendees'
    outsider = UserFactory(username="someone-else")
    client.force_login(outsider)
    assert client.get(reverse("departments:workshop", kwargs={"slug": department.slug, "pk": trg.pk})).status_code == 403


def test_due_for_user_runs_a_constant_number_of_queries_when_the_lists_grow(demo, django_assert_max_num_queries):
    workshop, department = demo
    teacher = _user("teacher")
    with django_assert_max_num_queries(3):
        selectors.due_for_user(user=teacher)
    for n in range(5):
        services.workshop_create(
            department=department,
            data=services.WorkshopData(
                title=f"Lesson study {n}",
                kind=Workshop.Kind.LESSON_STUDY,
                starts_at=timezone.now() + timedelta(days=10 + n),
                facilitator=_user("hod"),
                attendees=[teacher],
                pre_viewing=[services.Target(kind="clip", clip=a.clip) for a in workshop.pre_viewing.all()],
            ),
        )
    with django_assert_max_num_queries(3):
        due = selectors.due_for_user(user=teacher)
    assert len(due.workshops) == 6 and len(due.to_watch) == 12

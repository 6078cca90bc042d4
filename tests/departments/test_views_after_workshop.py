"""After the workshop: attendance, follow-up reflections and their rates; the admin screens."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_hod_sees_attendance_and_follow_up_rates_when_the_workshop_has_been_held(org, workshop, client):
    workshop.starts_at = timezone.now() - timedelta(days=8)
    workshop.save()
    p = org.people
    client.force_login(p.hod)
    url = reverse("departments:workshop_attendance", kwargs={"slug": "maths", "pk": workshop.pk})
    assert client.post(url, {"attended": [p.alice.pk]}).status_code == 302

    client.force_login(p.alice)
    detail = reverse("departments:workshop", kwargs={"slug": "maths", "pk": workshop.pk})
    page = client.get(detail).content.decode()
    assert "Did you try it? What happened?" in page
    follow = reverse("departments:workshop_follow_up", kwargs={"slug": "maths", "pk": workshop.pk})
    client.post(follow, {"text": "   "})
    assert "Write a sentence or two" in client.get(detail).content.decode()
    client.post(follow, {"text": "Tried the balance model with 7X; two pupils still read = as 'makes'."})

    client.force_login(p.hod)
    roster = client.get(detail).context["roster"]
    assert (roster.attendance_rate, roster.follow_up_rate) == (50, 100)
    assert "attendance 50 % · follow-up 100 %" in client.get(detail).content.decode()


def test_admin_sets_up_schools_and_departments_in_the_wagtail_admin(org, client):
    client.force_login(org.people.admin)
    assert client.get("/admin/org_schools/").status_code == 200
    response = client.post(
        "/admin/org_departments/new/",
        {"school": org.school.pk, "name": "Computing", "slug": "computing", "tfm_phase": ""},
    )
    assert response.status_code == 302
    assert org.school.departments.filter(slug="computing").exists()

"""Pages a head of department uses: forms, clear errors, CSV that matches the screen."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pdsite.departments.csv_export import safe_cell
from pdsite.departments.models import Assignment, Workshop

from .conftest import watch

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_hod_creates_a_workshop_with_pre_viewing_due_48_hours_before_when_due_is_left_blank(org, client):
    p = org.people
    client.force_login(p.hod)
    starts = (timezone.now() + timedelta(days=4)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("departments:workshop_create", kwargs={"slug": "maths"}),
        {
            "title": "Equality and equivalence",
            "kind": Workshop.Kind.DEPARTMENTAL,
            "starts_at": _local(starts),
            "duration_minutes": 60,
            "place": "M4",
            "facilitator": p.hod.pk,
            "attendees": [p.alice.pk, p.bob.pk],
            "clips": [org.clips[0].pk, org.clips[1].pk],
            "agenda": "15 Do the maths together\n15 Predict pupil responses\n10: Action plan",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    workshop = Workshop.objects.get()
    assert workshop.pre_viewing_due_at == starts - timedelta(hours=48)
    assert [b.value["minutes"] for b in workshop.agenda] == [15, 15, 10]
    assert workshop.agenda_minutes == 40
    assert set(workshop.pre_viewing.values_list("clip_id", flat=True)) == {org.clips[0].pk, org.clips[1].pk}
    detail = client.get(response["Location"])
    assert b"0 of 2 ready" in detail.content


def test_workshop_form_names_the_bad_agenda_line_and_keeps_the_input_when_wrong(org, client):
    client.force_login(org.people.hod)
    response = client.post(
        reverse("departments:workshop_create", kwargs={"slug": "maths"}),
        {"title": "Kept title", "kind": "trg", "starts_at": "2030-01-10T16:00", "duration_minutes": 60,
         "agenda": "15 Fine\nno minutes here", "due_at": "2030-01-11T16:00"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 2: start with the minutes" in body
    assert "Pre-viewing must be due before the workshop starts." in body
    assert 'value="Kept title"' in body
    assert not Workshop.objects.exists()


def test_hod_edits_a_workshop_and_pre_viewing_follows_when_a_clip_is_swapped(org, workshop, client):
    client.force_login(org.people.hod)
    url = reverse("departments:workshop_edit", kwargs={"slug": "maths", "pk": workshop.pk})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["starts_at"] = _local(workshop.starts_at)
    data["due_at"] = ""
    data["clips"] = [org.clips[0].pk, org.clips[2].pk]
    data["attendees"] = [org.people.alice.pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(workshop.pre_viewing.values_list("clip_id", flat=True)) == {org.clips[0].pk, org.clips[2].pk}
    assert list(workshop.attendee_rows.values_list("user__username", flat=True)) == ["alice"]


def test_roster_csv_matches_the_screen_when_downloaded(org, workshop, client):
    for clip in org.clips[:2]:
        watch(org.people.alice, clip, (0, 12), (12, 20))
        watch(org.people.bob, clip, (0, 10))
    client.force_login(org.people.hod)
    page = client.get(reverse("departments:workshop", kwargs={"slug": "maths", "pk": workshop.pk}))
    table = page.context["table"]
    assert "1 of 2 ready" in page.content.decode()
    rows = _csv(client.get(reverse("departments:workshop_roster_csv", kwargs={"slug": "maths", "pk": workshop.pk})))
    assert rows[0] == table.header
    assert rows[1:] == table.rows
    assert rows[2][0] == "Bob Brown" and rows[2][-1] == "No"


def test_grid_csv_matches_the_screen_and_escapes_formulas_when_a_name_starts_with_equals(org, client):
    p = org.people
    p.bob.first_name, p.bob.last_name = "=HYPERLINK(1)", "+x"
    p.bob.save()
    client.force_login(p.hod)
    client.post(
        reverse("departments:assignments", kwargs={"slug": "maths"}),
        {"kind": "clip", "clip": org.clips[0].pk, "audience": "department",
         "due_at": _local(timezone.now() + timedelta(days=3)), "note": "Before Thursday"},
    )
    assert Assignment.objects.get().recipient_rows.count() == 3
    watch(p.alice, org.clips[0], (0, 12), (12, 20))
    page = client.get(reverse("departments:report_grid", kwargs={"slug": "maths"}))
    table = page.context["table"]
    rows = _csv(client.get(reverse("departments:report_grid_csv", kwargs={"slug": "maths"})))
    assert rows == [[safe_cell(c) for c in row] for row in [table.header, *table.rows]]
    bob_row = next(r for r in rows if "HYPERLINK" in r[0])
    assert bob_row[0] == "'=HYPERLINK(1) +x"
    alice_row = next(r for r in rows if r[0] == "Alice Adams")
    assert alice_row[2].startswith("Complete before due · 100 %")


@pytest.mark.parametrize("cell,expected", [("=1+1", "'=1+1"), ("+44", "'+44"), ("-1", "'-1"), ("@SUM", "'@SUM"),
                                           ("plain", "plain"), (None, ""), (3, "3")])
def test_safe_cell_defuses_formulas_when_a_cell_starts_with_a_trigger(cell, expected):
    assert safe_cell(cell) == expected


def test_assignment_form_says_what_is_missing_when_a_team_has_no_choice(org, client):
    client.force_login(org.people.hod)
    response = client.post(
        reverse("departments:assignments", kwargs={"slug": "maths"}),
        {"kind": "clip_range", "clip": org.clips[0].pk, "start_seconds": 15, "end_seconds": 5,
         "audience": "team", "due_at": "2030-01-01T10:00"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose a team." in body and "end after the start" in body
    assert not Assignment.objects.exists()


def test_members_import_page_lists_each_bad_row_when_the_csv_is_wrong(org, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org.people.hod)
    upload = SimpleUploadedFile("staff.csv", b"email,role\nnope,teacher\nok@school.example,boss\n", "text/csv")
    response = client.post(reverse("departments:members_import", kwargs={"slug": "maths"}), {"import-file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was imported" in body and "Row 2:" in body and "Row 3:" in body


def test_my_learning_lists_assigned_and_due_with_overdue_flagged(org, client):
    from pdsite.departments import services

    services.assignment_create(
        department=org.maths, target=services.Target(kind="clip", clip=org.clips[1]),
        due_at=timezone.now() - timedelta(hours=1), recipients=[org.people.bob],
    )
    watch(org.people.bob, org.clips[1], (0, 5))
    client.force_login(org.people.bob)
    body = client.get(reverse("home:my_learning")).content.decode()
    assert "Assigned and due" in body and "Like terms with algebra tiles" in body
    assert "Overdue" in body and "25 % watched" in body


def test_report_pages_run_a_constant_number_of_queries_when_rendered(org, workshop, client, django_assert_max_num_queries):
    client.force_login(org.people.hod)
    for name, kwargs in [("departments:report_grid_csv", {"slug": "maths"}),
                         ("departments:workshop_roster_csv", {"slug": "maths", "pk": workshop.pk})]:
        with django_assert_max_num_queries(8):
            b"".join(client.get(reverse(name, kwargs=kwargs)).streaming_content)
    client.force_login(org.people.pdlead)
    with django_assert_max_num_queries(8):
        b"".join(client.get(reverse("departments:report_uptake_csv", kwargs={"slug": org.school.slug})).streaming_content)


def test_hod_makes_a_team_and_assigns_a_module_part_to_it_when_the_form_is_filled(org, client):
    from pdsite.departments.models import Team

    p = org.people
    client.force_login(p.hod)
    response = client.post(reverse("departments:team_create", kwargs={"slug": "maths"}),
                           {"team-name": "KS3", "team-members": [p.bob.pk]})
    assert response.status_code == 302
    team = Team.objects.get(name="KS3")
    duplicate = client.post(reverse("departments:team_create", kwargs={"slug": "maths"}), {"team-name": "ks3"})
    assert duplicate.status_code == 400 and "already a team" in duplicate.content.decode()
    response = client.post(
        reverse("departments:assignments", kwargs={"slug": "maths"}),
        {"kind": "clip_range", "clip": org.clips[2].pk, "start_seconds": 5, "end_seconds": 15,
         "audience": "team", "team": team.pk, "due_at": "2030-01-01T10:00", "note": "Just the middle"},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert list(assignment.recipient_rows.values_list("user__username", flat=True)) == ["bob"]
    assert assignment.title == "Bar models for 3a + 2 (0:05–0:15)"


def test_member_add_answers_the_same_sentence_when_the_name_is_unknown(org, client):
    # Was: "Nobody has the username or email ..." told which accounts exist. Now the answer is
    # one neutral sentence; someone from the school (OUTSIDER is in Science) is still added.
    client.force_login(org.people.hod)
    url = reverse("departments:members", kwargs={"slug": "maths"})
    response = client.post(url, {"add-person": "nobody", "add-role": "teacher"}, follow=True)
    body = response.content.decode()
    assert "Nobody has" not in body
    assert "If nobody is a member of Northfield Academy, they have been added." in body
    response = client.post(url, {"add-person": "OUTSIDER", "add-role": "mentor"})
    assert response.status_code == 302
    assert org.maths.memberships.get(user=org.people.outsider).role == "mentor"

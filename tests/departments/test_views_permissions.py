"""The permission matrix: every page and export × every kind of visitor, with 0 leaks."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pdsite.departments.models import Invitation

from .conftest import watch

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "teacher", "other_teacher", "hod", "pd_lead", "admin"]
LOGIN = 302
# expected status per actor, in ACTORS order
MANAGERS_ONLY = (LOGIN, 403, 403, 200, 403, 200)
EVERYONE = (LOGIN, 200, 200, 200, 200, 200)
INVITED = (LOGIN, 200, 403, 200, 403, 200)
SCHOOL_AGGREGATES = (LOGIN, 403, 403, 403, 200, 200)
RETENTION = (LOGIN, 403, 403, 200, 200, 200)
EVERYONE_WITH_LINK = (200, 200, 200, 200, 200, 200)
INVITATION_GONE = (410, 410, 410, 410, 410, 410)


def _urls(org, workshop):
    maths, w, video = org.maths.slug, workshop.pk, org.clips[0].video_id
    invitation = Invitation.objects.create(
        department=org.maths, email="invited@else.example", token="a-pending-token",
        expires=timezone.now() + timedelta(days=1),
    )
    return [
        # (method, url name, kwargs, expected)
        ("get", "departments:index", {}, EVERYONE),
        ("get", "departments:notifications", {}, EVERYONE),
        ("get", "departments:dashboard", {"slug": maths}, MANAGERS_ONLY),
        ("get", "departments:members", {"slug": maths}, MANAGERS_ONLY),
        ("post", "departments:members_import", {"slug": maths}, (LOGIN, 403, 403, 400, 403, 400)),
        ("post", "departments:members_remove", {"slug": maths}, (LOGIN, 403, 403, 400, 403, 400)),
        ("post", "departments:team_create", {"slug": maths}, (LOGIN, 403, 403, 400, 403, 400)),
        ("get", "departments:workshop_create", {"slug": maths}, MANAGERS_ONLY),
        ("get", "departments:workshop", {"slug": maths, "pk": w}, INVITED),
        ("get", "departments:workshop_edit", {"slug": maths, "pk": w}, MANAGERS_ONLY),
        ("get", "departments:workshop_roster_csv", {"slug": maths, "pk": w}, MANAGERS_ONLY),
        ("post", "departments:workshop_attendance", {"slug": maths, "pk": w}, (LOGIN, 403, 403, 302, 403, 302)),
        ("post", "departments:workshop_follow_up", {"slug": maths, "pk": w}, (LOGIN, 302, 403, 302, 403, 302)),
        ("get", "departments:assignments", {"slug": maths}, MANAGERS_ONLY),
        ("get", "departments:report_grid", {"slug": maths}, MANAGERS_ONLY),
        ("get", "departments:report_grid_csv", {"slug": maths}, MANAGERS_ONLY),
        ("get", "departments:report_uptake", {"slug": org.school.slug}, SCHOOL_AGGREGATES),
        ("get", "departments:report_uptake_csv", {"slug": org.school.slug}, SCHOOL_AGGREGATES),
        ("get", "departments:report_retention", {"video_id": video}, RETENTION),
        ("get", "departments:report_retention_csv", {"video_id": video}, RETENTION),
        # The link is the credential: the accept page answers anyone holding a pending one (a
        # sign-up form signed out, "another address" signed in), and one page for any other.
        ("get", "departments:invitation_accept", {"token": invitation.token}, EVERYONE_WITH_LINK),
        ("get", "departments:invitation_accept", {"token": "no-such-token"}, INVITATION_GONE),
        # A department or workshop that does not exist looks the same as one you may not see.
        ("get", "departments:dashboard", {"slug": "no-such-department"}, (LOGIN, 403, 403, 403, 403, 403)),
        ("get", "departments:workshop", {"slug": "science", "pk": w}, (LOGIN, 403, 403, 403, 403, 403)),
    ]


def _client_for(client, org, actor):
    users = {
        "teacher": org.people.alice,
        "other_teacher": org.people.outsider,
        "hod": org.people.hod,
        "pd_lead": org.people.pdlead,
        "admin": org.people.admin,
    }
    if actor != "anonymous":
        client.force_login(users[actor])
    return client


@pytest.mark.parametrize("actor", ACTORS)
def test_every_url_and_export_answers_as_the_matrix_says_when_visited_by(actor, org, workshop, client):
    watch(org.people.outsider, org.clips[0], (0, 12))
    client = _client_for(client, org, actor)
    failures = []
    for method, name, kwargs, expected in _urls(org, workshop):
        url = reverse(name, kwargs=kwargs)
        response = getattr(client, method)(url)
        want = expected[ACTORS.index(actor)]
        if response.status_code != want:
            failures.append(f"{method.upper()} {url}: {response.status_code}, expected {want}")
        if response.status_code == 200 and actor in ("teacher", "hod") and "departments:report_uptake" not in name:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if b"Omar" in body:  # the other department's teacher never appears in maths pages
                failures.append(f"{url} shows a teacher from another department")
    assert not failures, "\n".join(failures)


def test_anonymous_is_sent_to_sign_in_when_opening_an_export(org, workshop, client):
    url = reverse("departments:report_grid_csv", kwargs={"slug": org.maths.slug})
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_retention_counts_only_people_the_viewer_may_see_when_others_watched(org, client):
    watch(org.people.outsider, org.clips[0], (0, 12))
    watch(org.people.alice, org.clips[0], (0, 5))
    client.force_login(org.people.hod)
    response = client.get(reverse("departments:report_retention", kwargs={"video_id": org.clips[0].video_id}))
    assert response.context["retention"].viewers == 1
    assert response.context["retention"].curve[:6] == [1, 1, 1, 1, 1, 0]
    client.force_login(org.people.admin)
    response = client.get(reverse("departments:report_retention", kwargs={"video_id": org.clips[0].video_id}))
    assert response.context["retention"].viewers == 2

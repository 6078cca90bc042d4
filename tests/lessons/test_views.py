"""The recordings pages: who sees a recording (its owner, a live share's audience, a clip share
only its clip), what the owner does there (share, revoke, read the audit list, delete), Record
a lesson with and without the school's consent statement, and the school's policy page.
Refusals answer like an unknown id; bad input gets a clear message and saves nothing."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from pdsite.departments.models import Role
from pdsite.lessons.models import Recording, RecordingPolicy, RecordingView, Share
from pdsite.lessons.services import recording_policy_set
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import UserFactory
from tests.support.recordings import make_recording, make_share

pytestmark = pytest.mark.django_db
UNKNOWN = 999_999


@pytest.fixture
def org():
    school = SchoolFactory(name="Northfield Academy", slug="rv-northfield")
    maths = DepartmentFactory(school=school, name="Maths", slug="rv-maths")
    elsewhere = DepartmentFactory(school=SchoolFactory(name="Southgate", slug="rv-southgate"), slug="rv-south")
    people = SimpleNamespace(
        ect=UserFactory(username="rv-ect", first_name="Esme", last_name="Early"),
        mentor=UserFactory(username="rv-mentor", first_name="Mo", last_name="Mentor"),
        hod=UserFactory(username="rv-hod", first_name="Hana", last_name="Head"),
        teacher=UserFactory(username="rv-teacher", first_name="Tom", last_name="Teach"),
        stranger=UserFactory(username="rv-stranger", first_name="Sam", last_name="Stranger"),
    )
    for name, role in (("ect", Role.ECT), ("mentor", Role.MENTOR), ("hod", Role.HEAD), ("teacher", Role.TEACHER)):
        MembershipFactory(department=maths, user=getattr(people, name), role=role)
    MembershipFactory(department=elsewhere, user=people.stranger, role=Role.HEAD)
    recording = make_recording(owner=people.ect, department=maths, title="Y8 ratio tables")
    return SimpleNamespace(school=school, maths=maths, people=people, recording=recording)


def _main(response) -> str:
    """The page's main content (the header's sign-out form carries a fresh CSRF token)."""
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def _page(recording) -> str:
    return reverse("lessons:recording", args=[recording.pk])


# --- Seeing a recording ---------------------------------------------------------------------


def test_the_owner_sees_the_player_without_download_and_their_name_over_it(org, sign_in):
    response = sign_in(org.people.ect).get(_page(org.recording))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'controlsList="nodownload' in html and "data-viewer-overlay" in html
    overlay = re.search(r'<p class="recording-overlay"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert "Esme Early" in overlay
    # No stream link, no source file, no download attribute anywhere on the page.
    assert "Open the stream directly" not in html and " download" not in html
    if org.recording.video.source:
        assert org.recording.video.source.name not in html
    assert "data-feedback" in html  # the comment panel
    assert 'id="shares"' in html and "Who watched" in html
    assert reverse("lessons:delete", args=[org.recording.pk]) in html
    assert not RecordingView.objects.exists()  # the owner's own views are not in the audit list


@pytest.mark.parametrize("who", ["hod", "teacher", "mentor", "stranger"])
def test_nobody_else_sees_an_unshared_recording_and_gets_the_unknown_id_answer(org, sign_in, who):
    client = sign_in(getattr(org.people, who))
    refused = client.get(_page(org.recording))
    unknown = client.get(reverse("lessons:recording", args=[UNKNOWN]))
    assert refused.status_code == unknown.status_code == 404
    assert _main(refused) == _main(unknown)
    for name in ("lessons:delete", "lessons:share"):
        assert client.post(reverse(name, args=[org.recording.pk])).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(org, client):
    for url in (reverse("lessons:index"), reverse("lessons:record"), _page(org.recording)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_clip_share_plays_only_its_clip_with_the_viewers_name_and_is_audited(org, sign_in):
    share = make_share(org.recording, to=org.people.mentor, start=100.0, end=120.0)
    client = sign_in(org.people.mentor)
    response = client.get(_page(org.recording))
    assert response.status_code == 302 and response["Location"].endswith("?start=100&end=120")
    response = client.get(response["Location"])
    html = response.content.decode()
    assert response.status_code == 200 and "the clip from 1:40 to 2:00" in html
    assert "Mo Mentor" in re.search(r'<p class="recording-overlay"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert 'id="shares"' not in html and "Who watched" not in html and "Delete recording" not in html
    view = RecordingView.objects.get()
    assert (view.viewer, view.share, view.start, view.end) == (org.people.mentor, share, 100.0, 120.0)
    audit = sign_in(org.people.ect).get(_page(org.recording)).content.decode()
    assert "Mo Mentor" in audit and "Clip 1:40–2:00" in audit


def test_a_notifications_link_opens_the_page_through_its_own_share(org, sign_in):
    make_share(org.recording, to=org.people.mentor, start=100.0, end=120.0)
    later = make_share(org.recording, to=org.people.mentor, start=300.0, end=330.0)
    response = sign_in(org.people.mentor).get(f"{_page(org.recording)}?share={later.pk}")
    assert response.status_code == 302 and "start=300&end=330" in response["Location"]
    assert f"share={later.pk}" in response["Location"]
    assert RecordingView.objects.get().share == later


def test_a_whole_share_to_the_department_lets_the_head_of_department_in(org, sign_in):
    make_share(org.recording, kind="department", to=org.maths, permission=Share.Permission.VIEW)
    response = sign_in(org.people.hod).get(_page(org.recording))
    assert response.status_code == 200 and "Hana Head" in response.content.decode()
    assert sign_in(org.people.stranger).get(_page(org.recording)).status_code == 404


def test_an_ended_share_answers_like_an_unknown_id(org, sign_in):
    make_share(org.recording, to=org.people.mentor, ends_at=timezone.now() - datetime.timedelta(minutes=1))
    assert sign_in(org.people.mentor).get(_page(org.recording)).status_code == 404


# --- My recordings ----------------------------------------------------------------------------


def test_my_recordings_lists_my_own_and_what_is_shared_with_me(org, sign_in):
    make_share(org.recording, to=org.people.mentor, start=60.0, end=80.0, permission=Share.Permission.COMMENT)
    make_share(org.recording, to=org.people.hod, revoked_at=timezone.now())
    mine = sign_in(org.people.ect).get(reverse("lessons:index")).content.decode()
    assert "Y8 ratio tables" in mine and "Recordings you own" in mine and "Nothing is shared with you." in mine
    assert re.search(r"<td>\s*1\s*</td>", mine)  # one live share; the revoked one does not count
    theirs = sign_in(org.people.mentor).get(reverse("lessons:index")).content.decode()
    assert "You have not recorded a lesson yet." in theirs
    assert "Y8 ratio tables" in theirs and "1:00–1:20" in theirs and "to comment" in theirs
    hods = sign_in(org.people.hod).get(reverse("lessons:index")).content.decode()
    assert "Y8 ratio tables" not in hods
    assert reverse("lessons:policy", args=[org.school.slug]) in hods  # the head of department sets the policy
    assert reverse("lessons:policy", args=[org.school.slug]) not in theirs


# --- Sharing and revoking ---------------------------------------------------------------------


def _share(client, recording, **data):
    return client.post(reverse("lessons:share", args=[recording.pk]), data)


def test_the_owner_shares_a_clip_to_comment_until_a_date(org, sign_in):
    until = timezone.localdate() + datetime.timedelta(days=7)
    response = _share(
        sign_in(org.people.ect), org.recording, audience=f"user:{org.people.mentor.pk}", scope="clip",
        start="1:40", end="2:00", permission="comment", ends_on=until.isoformat(),
    )
    assert response.status_code == 302 and response["Location"].endswith("#shares")
    share = Share.objects.get()
    assert (share.audience_kind, share.audience_id, share.start, share.end) == ("user", org.people.mentor.pk, 100, 120)
    assert share.permission == "comment"
    assert timezone.localtime(share.ends_at).date() == until + datetime.timedelta(days=1)
    page = sign_in(org.people.ect).get(_page(org.recording)).content.decode()
    assert "Mo Mentor" in page and "Clip 1:40–2:00" in page and "Revoke" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scope": "clip", "start": "2:00", "end": "1:40"}, "The clip must end after it starts."),
        ({"scope": "clip", "start": "one", "end": "1:40"}, "Enter the moment as minutes:seconds"),
        ({"scope": "clip", "start": "1:00"}, "Give the moment the clip ends"),
        ({"scope": "clip", "start": "9:00", "end": "12:00"}, "The clip must end by the recording"),
        ({"audience": ""}, "This field is required."),
        ({"ends_on": "2020-01-01"}, "Choose today or a later day"),
    ],
)
def test_bad_share_input_is_explained_and_nothing_is_shared(org, sign_in, data, message):
    base = {"audience": f"user:{org.people.mentor.pk}", "scope": "whole", "permission": "view"}
    response = _share(sign_in(org.people.ect), org.recording, **{**base, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Share.objects.exists()


def test_a_forged_audience_outside_the_owners_departments_is_refused(org, sign_in):
    for audience in (f"user:{org.people.stranger.pk}", "user:not-a-number", "planet:1"):
        response = _share(sign_in(org.people.ect), org.recording, audience=audience, scope="whole", permission="view")
        assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Share.objects.exists()


def test_revoking_takes_effect_at_once(org, sign_in):
    share = make_share(org.recording, to=org.people.mentor)
    assert sign_in(org.people.mentor).get(_page(org.recording)).status_code == 200
    revoke = reverse("lessons:revoke", args=[org.recording.pk, share.pk])
    assert sign_in(org.people.mentor).post(revoke).status_code == 404  # only the owner revokes
    assert sign_in(org.people.ect).get(revoke).status_code == 405
    response = sign_in(org.people.ect).post(revoke)
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert sign_in(org.people.mentor).get(_page(org.recording)).status_code == 404
    other = make_recording(owner=org.people.teacher, department=org.maths)
    assert sign_in(org.people.ect).post(reverse("lessons:revoke", args=[other.pk, share.pk])).status_code == 404


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(org, sign_in):
    client = sign_in(org.people.ect, enforce_csrf=True)
    response = _share(client, org.recording, audience=f"user:{org.people.mentor.pk}", scope="whole", permission="view")
    assert response.status_code == 403 and not Share.objects.exists()
    assert client.post(reverse("lessons:delete", args=[org.recording.pk])).status_code == 403
    assert Recording.objects.filter(pk=org.recording.pk).exists()


# --- Deleting ---------------------------------------------------------------------------------


def test_the_owner_confirms_then_deletes_the_recording(org, sign_in):
    share = make_share(org.recording, to=org.people.mentor)
    client = sign_in(org.people.ect)
    url = reverse("lessons:delete", args=[org.recording.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Delete “Y8 ratio tables”?" in confirm.content.decode()
    assert "1 still open" in confirm.content.decode()
    assert sign_in(org.people.mentor).get(url).status_code == 404  # a share does not let you delete
    response = sign_in(org.people.ect).post(url)
    assert response.status_code == 302 and response["Location"] == reverse("lessons:index")
    assert not Recording.objects.filter(pk=org.recording.pk).exists() and not Share.objects.filter(pk=share.pk).exists()
    assert sign_in(org.people.ect).get(_page(org.recording)).status_code == 404


# --- Record a lesson --------------------------------------------------------------------------


def test_a_school_without_a_consent_statement_cannot_record(org, sign_in):
    response = sign_in(org.people.teacher).get(reverse("lessons:record"))
    html = response.content.decode()
    assert response.status_code == 200 and "has not set a recording consent statement" in html
    assert 'type="file"' not in html
    policy = reverse("lessons:policy", args=[org.school.slug])
    assert policy not in html and policy in sign_in(org.people.hod).get(reverse("lessons:record")).content.decode()


def test_record_a_lesson_shows_the_statement_its_date_and_a_required_confirmation(org, sign_in):
    policy = recording_policy_set(
        school=org.school, consent_statement="Parents are told; pupils without consent sit off camera."
    )
    response = sign_in(org.people.teacher).get(reverse("lessons:record"))
    html = response.content.decode()
    assert response.status_code == 200 and "pupils without consent sit off camera" in html
    assert timezone.localtime(policy.consent_changed_at).strftime("%-d %b %Y") in html
    assert 'name="consent"' in html and 'type="file" name="source"' in html
    assert f'data-create-url="{reverse("videos:uploads:create")}"' in html


def test_recording_without_confirming_consent_is_refused_and_nothing_is_saved(org, sign_in):
    recording_policy_set(school=org.school, consent_statement="Parents are told.")
    response = sign_in(org.people.teacher).post(
        reverse("lessons:record"),
        {"department": org.maths.pk, "title": "Y9 sequences", "year_group": "9", "recorded_on": "2026-11-02"},
    )
    assert response.status_code == 400
    assert "Confirm the school&#x27;s consent statement" in response.content.decode()
    assert Recording.objects.count() == 1  # only the fixture's


@pytest.mark.slow
def test_without_javascript_the_form_posts_the_file_and_it_becomes_a_private_recording(
    org, sign_in, sample_clip, django_capture_on_commit_callbacks
):
    recording_policy_set(school=org.school, consent_statement="Parents are told.")
    with django_capture_on_commit_callbacks(execute=True), open(sample_clip[0], "rb") as handle:
        response = sign_in(org.people.teacher).post(
            reverse("lessons:record"),
            {"department": org.maths.pk, "title": "Y9 sequences", "year_group": "9", "recorded_on": "2026-11-02",
             "consent": "on", "source": handle},
        )
    recording = Recording.objects.get(title="Y9 sequences")
    assert response.status_code == 302 and response["Location"] == _page(recording)
    assert recording.owner == org.people.teacher and recording.video.private and recording.video.is_ready
    assert recording.consent_statement == "Parents are told."
    assert sign_in(org.people.hod).get(_page(recording)).status_code == 404


# --- The school's policy ----------------------------------------------------------------------


def test_a_head_of_department_sets_the_schools_policy(org, sign_in):
    url = reverse("lessons:policy", args=[org.school.slug])
    client = sign_in(org.people.hod)
    assert client.get(url).status_code == 200
    response = client.post(url, {"consent_statement": "Parents are told.", "retention_days": "45"})
    assert response.status_code == 302
    policy = RecordingPolicy.objects.get(school=org.school)
    assert (policy.consent_statement, policy.retention_days) == ("Parents are told.", 45)
    assert policy.consent_changed_at is not None
    bad = client.post(url, {"consent_statement": "Parents are told.", "retention_days": "400"})
    assert bad.status_code == 400 and "less than or equal to 365" in bad.content.decode()
    assert RecordingPolicy.objects.get(school=org.school).retention_days == 45


@pytest.mark.parametrize("who", ["teacher", "mentor", "stranger"])
def test_only_a_head_of_department_at_the_school_sets_its_policy(org, sign_in, who):
    url = reverse("lessons:policy", args=[org.school.slug])
    client = sign_in(getattr(org.people, who))
    assert client.get(url).status_code == 403
    assert client.post(url, {"consent_statement": "x", "retention_days": "30"}).status_code == 403
    assert client.get(reverse("lessons:policy", args=["no-such-school"])).status_code == 403
    assert not RecordingPolicy.objects.filter(school=org.school).exists()

"""Reads: a teacher's own recordings, those shared with them (a fixed number of queries),
one recording as a viewer may see it (unknown and forbidden ids alike), the owner's audit and
share lists."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pdsite.lessons import selectors
from pdsite.lessons.models import Share
from pdsite.lessons.services import recording_view_record, share_create, share_revoke
from tests.support.recordings import make_recording, make_share

pytestmark = pytest.mark.django_db


def queries(fn):
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return result, len(captured)


def test_my_recordings_are_mine_only_with_their_live_share_counts(ls):
    mine = make_recording(owner=ls.people.ect, department=ls.maths, title="Mine")
    make_recording(owner=ls.people.teacher, department=ls.maths, title="Theirs")
    make_share(mine, to=ls.people.mentor)
    make_share(mine, to=ls.people.hod, revoked_at=timezone.now())
    make_share(mine, to=ls.people.coach, ends_at=timezone.now() - datetime.timedelta(days=1))
    rows, count = queries(lambda: list(selectors.recordings_owned_by(ls.people.ect)))
    assert [(r.title, r.live_share_count) for r in rows] == [("Mine", 1)] and count == 1
    assert rows[0].video.title == "Mine"  # loaded with the row


def test_shared_with_me_lists_live_shares_in_a_fixed_number_of_queries(ls):
    def shared_count() -> int:
        _, count = queries(lambda: [(e.recording.video.title, e.recording.owner.username, e.windows)
                                    for e in selectors.recordings_shared_with(ls.people.mentor)])
        return count

    first = make_recording(owner=ls.people.ect, department=ls.maths, title="First")
    make_share(first, to=ls.people.mentor, start=10.0, end=30.0)
    baseline = shared_count()
    for n in range(4):
        other = make_recording(owner=ls.people.teacher, department=ls.maths, title=f"Other {n}")
        make_share(other, kind="department", to=ls.maths)
        make_share(other, kind="team", to=ls.team)
    assert shared_count() == baseline
    entries = selectors.recordings_shared_with(ls.people.mentor)
    assert len(entries) == 5 and {e.recording.title for e in entries} >= {"First", "Other 3"}
    by_title = {e.recording.title: e for e in entries}
    assert by_title["First"].windows == [(10.0, 30.0)] and by_title["Other 0"].windows is None
    assert by_title["First"].may_comment


def test_my_own_and_revoked_shares_are_not_shared_with_me(ls):
    mine = make_recording(owner=ls.people.ect, department=ls.maths)
    make_share(mine, kind="department", to=ls.maths)
    revoked = make_recording(owner=ls.people.teacher, department=ls.maths)
    make_share(revoked, to=ls.people.ect, revoked_at=timezone.now())
    assert selectors.recordings_shared_with(ls.people.ect) == []
    assert [e.recording for e in selectors.recordings_shared_with(ls.people.hod)] == [mine]


def test_one_recording_answers_with_the_grant_or_the_same_404(ls):
    recording = make_recording(owner=ls.people.ect, department=ls.maths)
    clip = make_share(recording, to=ls.people.mentor, start=100.0, end=120.0, permission=Share.Permission.VIEW)
    owner = selectors.recording_get_visible_or_404(ls.people.ect, recording.pk)
    assert owner.is_owner and owner.windows is None and owner.may_comment
    mentor = selectors.recording_get_visible_or_404(ls.people.mentor, recording.pk)
    assert (mentor.is_owner, mentor.windows, mentor.share, mentor.may_comment) == (False, [(100.0, 120.0)], clip, False)
    assert mentor.window_labels == ["1:40–2:00"]
    messages = set()
    for who, pk in ((ls.people.hod, recording.pk), (ls.people.teacher, recording.pk), (ls.people.ect, 999_999),
                    (ls.people.mentor, "not-a-number")):
        with pytest.raises(Http404) as refused:
            selectors.recording_get_visible_or_404(who, pk)
        messages.add(str(refused.value))
    assert messages == {"No such recording."}
    share_revoke(share=clip, by=ls.people.ect)
    with pytest.raises(Http404):
        selectors.recording_get_visible_or_404(ls.people.mentor, recording.pk)


def test_the_share_the_page_was_opened_through_is_the_grants_share(ls):
    recording = make_recording(owner=ls.people.ect, department=ls.maths)
    whole = make_share(recording, kind="team", to=ls.team)
    clip = make_share(recording, to=ls.people.coach, start=5.0, end=9.0)
    assert selectors.recording_get_visible_or_404(ls.people.coach, recording.pk).share == whole
    chosen = selectors.recording_get_visible_or_404(ls.people.coach, recording.pk, share_id=clip.pk)
    assert chosen.share == clip and chosen.windows is None  # the team's whole share still counts


def test_the_audit_and_share_lists_name_people_and_audiences(ls):
    recording = make_recording(owner=ls.people.ect, department=ls.maths, duration=600.0)
    clip = share_create(recording=recording, by=ls.people.ect, audience_kind="user", audience_id=ls.people.mentor.pk,
                        start=60, end=80, permission=Share.Permission.COMMENT)
    team = share_create(recording=recording, by=ls.people.ect, audience_kind="team", audience_id=ls.team.pk)
    share_revoke(share=team, by=ls.people.ect)
    recording_view_record(recording=recording, viewer=ls.people.mentor, share=clip)
    recording_view_record(recording=recording, viewer=ls.people.coach, share=None)
    audit = selectors.recording_audit(recording)
    assert [(r.viewer, r.what, r.through) for r in audit] == [
        ("Coach Tester", "The whole recording", ""),
        ("Mentor Tester", "Clip 1:00–1:20", "Mentor Tester"),
    ]
    rows = selectors.recording_share_rows(recording)
    assert [(r.audience, r.kind, r.what, r.permission, r.is_live) for r in rows] == [
        ("Mentor Tester", "A person", "Clip 1:00–1:20", "View and comment", True),
        ("Observers", "A team", "The whole recording", "View", False),
    ]
    assert rows[0].status == "Live" and rows[1].status.startswith("Revoked ")


def test_departments_that_may_record_are_those_with_a_statement(ls):
    from pdsite.lessons.services import recording_policy_set
    from tests.factories.departments import MembershipFactory

    MembershipFactory(department=ls.science, user=ls.people.ect)
    assert selectors.recording_departments_for(ls.people.ect) == [ls.maths]
    recording_policy_set(school=ls.other, consent_statement="Letters home.", retention_days=10)
    assert selectors.recording_departments_for(ls.people.ect) == [ls.maths, ls.science]

"""Sharing a recording or a clip of it: only with audiences the owner may pick, inside the
recording, notified in-app; revoking takes effect on the next request; the audit list."""

import datetime

import pytest
from django.utils import timezone

from pdsite.departments.models import Notification
from pdsite.lessons.models import RecordingView, Share
from pdsite.lessons.services import RecordingRefused, recording_view_record, share_create, share_revoke
from pdsite.videos.access import video_visible_to, video_windows
from tests.support.recordings import make_recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec(ls):
    return make_recording(owner=ls.people.ect, department=ls.maths, title="Y8 ratio tables", duration=600.0)


def share(rec, ls, to=None, kind="user", **kwargs):
    to = to or ls.people.mentor
    return share_create(recording=rec, by=ls.people.ect, audience_kind=kind, audience_id=to.pk, **kwargs)


def test_a_clip_share_lets_its_audience_see_only_the_clip_and_tells_them(ls, rec):
    made = share(ls=ls, rec=rec, permission=Share.Permission.COMMENT, start=100, end=120)
    assert (made.start, made.end, made.created_by) == (100.0, 120.0, ls.people.ect)
    assert video_windows(ls.people.mentor, rec.video) == [(100.0, 120.0)]
    note = Notification.objects.get(user=ls.people.mentor)
    assert note.subject == "Ect Tester shared a clip (1:40–2:00) of “Y8 ratio tables” with you"
    assert note.body.startswith("To comment on, shared with Mentor Tester")
    page = rec.get_absolute_url()
    assert note.url == (f"{page}?share={made.pk}" if page else "")
    assert not video_visible_to(ls.people.hod, rec.video)


def test_a_department_share_notifies_everyone_in_it_but_the_owner(ls, rec):
    share(ls=ls, rec=rec, kind="department", to=ls.maths)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"ls-mentor", "ls-hod", "ls-teacher", "ls-coach"}
    assert video_windows(ls.people.hod, rec.video) is None


def test_a_team_share_reaches_its_members(ls, rec):
    share(ls=ls, rec=rec, kind="team", to=ls.team)
    assert video_visible_to(ls.people.coach, rec.video) and not video_visible_to(ls.people.teacher, rec.video)


def test_only_the_owner_shares(ls, rec):
    with pytest.raises(RecordingRefused, match="Only the teacher who recorded the lesson can share it"):
        share_create(recording=rec, by=ls.people.hod, audience_kind="user", audience_id=ls.people.mentor.pk)
    assert not Share.objects.exists()


@pytest.mark.parametrize(
    ("kind", "who"),
    [("user", "outsider"), ("department", "science"), ("user", "ect"), ("nobody", "mentor"), ("user", None)],
)
def test_an_audience_the_owner_may_not_pick_is_refused(ls, rec, kind, who):
    target = {"science": ls.science}.get(who) or (getattr(ls.people, who) if who else None)
    with pytest.raises(RecordingRefused) as refused:
        share_create(recording=rec, by=ls.people.ect, audience_kind=kind, audience_id=getattr(target, "pk", "x"))
    assert "share with" in str(refused.value) or "your own department" in str(refused.value)
    assert not Share.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (100, None, "both the start and the end"),
        (-1, 20, "start inside the recording"),
        (600, 610, "start inside the recording"),
        (120, 100, "end after it starts"),
        (500, 601, r"by the recording.s end \(10:00\)"),
        ("1:40", 120, "minutes:seconds"),
    ],
)
def test_a_clip_must_lie_inside_the_recording(ls, rec, start, end, message):
    with pytest.raises(RecordingRefused, match=message):
        share(ls=ls, rec=rec, start=start, end=end)
    assert not Share.objects.exists()


def test_a_clip_of_a_recording_still_processing_waits_for_its_duration(ls, rec):
    type(rec.video).objects.filter(pk=rec.video_id).update(duration=None)
    with pytest.raises(RecordingRefused, match="still being prepared"):
        share(ls=ls, rec=rec, start=1, end=2)
    assert share(ls=ls, rec=rec).start is None  # the whole recording can be shared already


def test_an_end_date_in_the_past_is_refused_and_a_day_means_its_end(ls, rec):
    with pytest.raises(RecordingRefused, match="must be in the future"):
        share(ls=ls, rec=rec, ends_at=timezone.now() - datetime.timedelta(minutes=1))
    made = share(ls=ls, rec=rec, ends_at=timezone.localdate())
    assert timezone.localtime(made.ends_at).time() == datetime.time.max
    with pytest.raises(RecordingRefused, match="“View” or “View and comment”"):
        share(ls=ls, rec=rec, permission="edit")


def test_revoking_takes_effect_at_once_and_only_the_owner_revokes(ls, rec):
    made = share(ls=ls, rec=rec)
    assert video_visible_to(ls.people.mentor, rec.video)
    with pytest.raises(RecordingRefused, match="stop sharing"):
        share_revoke(share=made, by=ls.people.mentor)
    assert video_visible_to(ls.people.mentor, rec.video)
    revoked = share_revoke(share=made, by=ls.people.ect)
    assert revoked.revoked_at is not None and not video_visible_to(ls.people.mentor, rec.video)
    assert share_revoke(share=made, by=ls.people.ect).revoked_at == revoked.revoked_at  # twice is harmless


def test_the_audit_list_notes_each_viewing_once_per_visit_and_not_the_owner(ls, rec):
    made = share(ls=ls, rec=rec, start=100, end=120)
    first = recording_view_record(recording=rec, viewer=ls.people.mentor, share=made)
    assert (first.start, first.end, first.share) == (100.0, 120.0, made)
    assert recording_view_record(recording=rec, viewer=ls.people.mentor, share=made) == first  # a reload
    assert recording_view_record(recording=rec, viewer=ls.people.ect) is None
    RecordingView.objects.filter(pk=first.pk).update(viewed_at=timezone.now() - datetime.timedelta(hours=1))
    recording_view_record(recording=rec, viewer=ls.people.mentor, share=made)
    assert RecordingView.objects.filter(recording=rec).count() == 2

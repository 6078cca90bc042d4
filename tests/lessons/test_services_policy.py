"""The school's recording policy: the consent statement (its change date) and the retention."""

import pytest

from pdsite.lessons.models import MAX_RETENTION_DAYS, RecordingPolicy
from pdsite.lessons.services import RecordingRefused, recording_policy_set
from tests.factories.departments import SchoolFactory

pytestmark = pytest.mark.django_db


def test_the_consent_date_moves_only_when_the_statement_changes():
    school = SchoolFactory()
    first = recording_policy_set(school=school, consent_statement="Parents are told.", retention_days=30)
    changed_at = first.consent_changed_at
    assert changed_at is not None and first.allows_recording
    same = recording_policy_set(school=school, consent_statement="  Parents   are told. ", retention_days=60)
    assert same.consent_changed_at == changed_at and same.retention_days == 60
    new = recording_policy_set(school=school, consent_statement="Parents are told by letter.", retention_days=60)
    assert new.consent_changed_at > changed_at
    assert RecordingPolicy.objects.get(school=school).consent_statement == "Parents are told by letter."


def test_an_empty_statement_stops_recording():
    policy = recording_policy_set(school=SchoolFactory(), consent_statement="   ", retention_days=30)
    assert not policy.allows_recording and policy.consent_changed_at is None


@pytest.mark.parametrize("bad", [0, MAX_RETENTION_DAYS + 1, "a year", None])
def test_retention_outside_one_to_a_year_is_refused_and_nothing_is_saved(bad):
    school = SchoolFactory()
    with pytest.raises(RecordingRefused) as refused:
        recording_policy_set(school=school, consent_statement="Parents are told.", retention_days=bad)
    assert "days" in str(refused.value)
    assert not RecordingPolicy.objects.filter(school=school).exists()


def test_the_refusal_reads_as_a_plain_sentence():
    error = RecordingRefused({"title": "Give the recording a title."})
    assert str(error) == "Give the recording a title." and error.message_dict == {"title": ["Give the recording a title."]}


def test_a_new_retention_moves_the_schools_deletion_dates(ls):
    from tests.lessons.conftest import days
    from tests.support.recordings import make_recording

    recording = make_recording(owner=ls.people.ect, department=ls.maths)
    elsewhere = make_recording(owner=ls.people.outsider, department=ls.science)
    recording_policy_set(school=ls.school, consent_statement="Parents are told.", retention_days=10)
    recording.refresh_from_db()
    elsewhere.refresh_from_db()
    assert recording.delete_after == recording.recorded_on + days(10)
    assert elsewhere.delete_after == elsewhere.recorded_on + days(30)  # another school's

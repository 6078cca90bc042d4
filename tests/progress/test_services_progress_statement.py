"""The heartbeat's one statement on PostgreSQL (issue #17, progress/report_sql.py): it applies
exactly the Python rules (services._apply_report, the SQLite path), in one round trip, and
its row lock keeps two tabs from double counting."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pdsite.progress import intervals, services
from pdsite.progress.heartbeat_tokens import heartbeat_token_issue
from pdsite.progress.models import ViewingRecord
from pdsite.progress.services import progress_record_heartbeat
from pdsite.videos.models import Video
from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import UserFactory
from tests.factories.videos import VideoFactory

pytestmark = pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"], reason="the one statement is PostgreSQL's"
)

DURATION = 100.0
seconds = st.floats(min_value=0, max_value=DURATION, allow_nan=False).map(lambda x: round(x, 3))
pair = st.tuples(seconds, seconds).map(sorted).map(list)
interval_sets = st.lists(pair, max_size=8)


@pytest.fixture
def video(db):
    return VideoFactory(status=Video.Status.READY, duration=DURATION)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stored=interval_sets,
    reported=interval_sets,
    idle_for=st.floats(min_value=0, max_value=2 * 3600),
    window_age=st.floats(min_value=0, max_value=8 * 3600),
    credited=st.floats(min_value=0, max_value=200),
    completed=st.booleans(),
    position=st.one_of(st.none(), seconds),
)
def test_the_sql_merge_equals_the_python_merge_when_intervals_are_random(
    teacher, video, stored, reported, idle_for, window_age, credited, completed, position
):
    """Any stored record and any report: the statement's record is the one _apply_report makes
    of the same record at the same instant (the budget, subtraction, truncation, merge,
    coverage and edge-triggered completion)."""
    now = timezone.now()
    ViewingRecord.objects.filter(user=teacher, video=video).delete()
    seeded = ViewingRecord.objects.create(
        user=teacher,
        video=video,
        watched_intervals=stored,
        watched_seconds=intervals.total(intervals.normalise(stored)),
        coverage=min(intervals.total(intervals.normalise(stored)) / DURATION, 1.0),
        last_position=3.0,
        completed_at=now - timedelta(days=1) if completed else None,
        last_report_at=now - timedelta(seconds=idle_for),
        credit_window_started_at=now - timedelta(seconds=max(window_age, idle_for)),
        credit_window_seconds=credited,
    )
    expected = ViewingRecord.objects.get(pk=seeded.pk)

    record = progress_record_heartbeat(user=teacher, video=video, ranges=reported, position=position)

    clamped = intervals.clamp(reported, low=0.0, high=DURATION)
    added, completed_now = services._apply_report(
        expected, reported=clamped, position=position, now=record.last_report_at, video=video
    )
    stored_now = ViewingRecord.objects.get(pk=seeded.pk)
    for got in (record, stored_now):
        assert len(got.watched_intervals) == len(expected.watched_intervals)
        for (start, end), (want_start, want_end) in zip(got.watched_intervals, expected.watched_intervals):
            assert start == pytest.approx(want_start, abs=1e-6) and end == pytest.approx(want_end, abs=1e-6)
        assert got.watched_seconds == pytest.approx(expected.watched_seconds, abs=1e-6)
        assert got.coverage == pytest.approx(expected.coverage, abs=1e-9)
        assert got.credit_window_seconds == pytest.approx(expected.credit_window_seconds, abs=1e-6)
        assert got.credit_window_started_at == expected.credit_window_started_at
        assert got.last_position == expected.last_position
        assert got.completed_at == expected.completed_at
    assert (record.completed_at == record.last_report_at) == completed_now


def test_a_report_is_one_statement_when_the_record_exists(teacher, video, django_assert_num_queries):
    """Lock, merge, write and answer in one statement (autocommit: no BEGIN or COMMIT)."""
    progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 5]])
    with django_assert_num_queries(1):
        record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8]], position=8)
    assert record.watched_seconds == 8.0
    newcomer = UserFactory()
    with django_assert_num_queries(1):  # the first report inserts the row in the same statement
        progress_record_heartbeat(user=newcomer, video=video, ranges=[[0, 5]])
    assert ViewingRecord.objects.get(user=newcomer).watched_intervals == [[0.0, 5.0]]


def test_a_token_report_is_one_statement_when_the_token_is_valid(teacher, db, django_assert_num_queries):
    """The token check (user, session, binding, live page) and the report: one round trip,
    the LTI and pathways flags included (their receivers ask nothing more)."""
    video = PDVideoPageFactory(video__duration=60.0).video
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    token = heartbeat_token_issue(user=teacher, video_id=video.pk, session_key=client.session.session_key)
    url = reverse("progress:heartbeat")
    client.post(url, {"token": token, "video": video.pk, "ranges": "[[0, 4]]"})
    with django_assert_num_queries(1):
        response = client.post(url, {"token": token, "video": video.pk, "ranges": "[[0, 6]]", "position": "6"})
    assert response.status_code == 200
    assert response.json() == {"watched_seconds": 6.0, "percent_watched": 10, "completed": False}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_forged_report_gains_the_slack_once_when_two_tabs_send_it_at_once():
    """The trust issue's attack from two connections at the same instant: the row lock makes
    the second report see the first one's credit, so the window's one slack is spent once."""
    teacher = UserFactory(username="forger")
    clip = VideoFactory(status=Video.Status.READY, duration=26.0)
    progress_record_heartbeat(user=teacher, video=clip, ranges=[])  # the window opens
    _at_once([lambda: progress_record_heartbeat(user=teacher, video=clip, ranges=[[0, 26]])] * 4)
    record = ViewingRecord.objects.get(user=teacher, video=clip)
    # The wall time the reports took (a busy machine: tenths of a second) is earned at the
    # fastest rate; the one slack on top of it is spent once, not once per tab.
    elapsed = (record.last_report_at - record.credit_window_started_at).total_seconds()
    earned = elapsed * django_settings.PDSITE_MAX_PLAYBACK_RATE
    assert record.watched_seconds <= django_settings.PDSITE_HEARTBEAT_SLACK_SECONDS + earned + 0.01
    assert record.watched_seconds < 2 * django_settings.PDSITE_HEARTBEAT_SLACK_SECONDS
    assert record.completed_at is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_never_double_count_when_many_reports_race():
    """Eight connections report overlapping and disjoint ranges of one record at once: the
    stored seconds are exactly the union, and the credited seconds equal the stored ones."""
    teacher = UserFactory(username="many-tabs")
    video = VideoFactory(status=Video.Status.READY, duration=100.0)
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[])
    ViewingRecord.objects.filter(pk=record.pk).update(  # budget for everything below
        last_report_at=timezone.now() - timedelta(seconds=1),
        credit_window_started_at=timezone.now() - timedelta(seconds=60),
    )
    reports = [[[0, 10]], [[5, 15]], [[5, 15]], [[20, 30]], [[25, 40]], [[0, 2], [38, 45]], [[50, 51]], [[0, 10]]]
    _at_once([lambda ranges=ranges: progress_record_heartbeat(user=teacher, video=video, ranges=ranges) for ranges in reports])
    record = ViewingRecord.objects.get(user=teacher, video=video)
    assert record.watched_intervals == [[0.0, 15.0], [20.0, 45.0], [50.0, 51.0]]
    assert record.watched_seconds == 41.0
    assert record.credit_window_seconds == pytest.approx(41.0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_first_reports_from_two_tabs_make_one_record_when_they_race():
    """No record yet: both tabs try to insert it; the loser's statement runs again and merges."""
    teacher = UserFactory(username="first-race")
    video = VideoFactory(status=Video.Status.READY, duration=100.0)
    _at_once([lambda: progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 6]]),
              lambda: progress_record_heartbeat(user=teacher, video=video, ranges=[[4, 10]])])
    record = ViewingRecord.objects.get(user=teacher, video=video)
    assert record.watched_intervals == [[0.0, 10.0]]
    assert record.watched_seconds <= django_settings.PDSITE_HEARTBEAT_SLACK_SECONDS


def _at_once(calls) -> None:
    """Run `calls` in threads (each with its own database connection) released together."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors

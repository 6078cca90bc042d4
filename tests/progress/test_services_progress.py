"""Every rule of progress_record_heartbeat: the server is the judge of what was watched."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from pdsite.progress.completion import completion_threshold_for
from pdsite.progress.models import ViewingRecord
from pdsite.progress.services import InvalidReport, progress_record_heartbeat
from pdsite.progress.signals import viewing_progressed
from pdsite.videos.models import Video
from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import UserFactory
from tests.support.progress import age_viewing
from tests.factories.videos import VideoFactory


@pytest.fixture
def video(db):
    return VideoFactory(status=Video.Status.READY, duration=100.0)


def _watch_all(user, video, *, chunk=10):
    record = None
    for start in range(0, int(video.duration), chunk):
        record = progress_record_heartbeat(user=user, video=video, ranges=[[start, start + chunk]])
        age_viewing(record, chunk)
    record.refresh_from_db()
    return record


def test_first_report_records_unique_seconds_when_teacher_plays(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8]], position=8)
    assert record.watched_seconds == 8
    assert record.percent_watched == 8
    assert record.last_position == 8


def test_rewatching_adds_nothing_when_ranges_repeat(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8]])
    age_viewing(record, 10)
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8], [0, 8]])
    assert record.watched_seconds == 8


def test_repeated_report_is_idempotent_when_sent_twice(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[])  # playback starts
    age_viewing(record, 10)
    progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8], [20, 25]])
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8], [20, 25]])
    assert record.watched_intervals == [[0.0, 8.0], [20.0, 25.0]]


def test_out_of_order_reports_give_the_same_result_when_an_older_report_arrives_last(teacher, video):
    # The player's played ranges only grow; an older (smaller) report arriving late removes nothing.
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])
    age_viewing(record, 10)
    progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 5]])
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 3]])
    assert record.watched_intervals == [[0.0, 10.0]]


def test_new_seconds_are_capped_by_wall_time_when_report_claims_too_much(teacher, video, settings):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 5]])
    age_viewing(record, 10)
    # 10 s of wall time at up to 2x speed, plus the one slack, cannot cover 100 s.
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 100]])
    assert record.watched_seconds == pytest.approx(10 * 2 + settings.PDSITE_HEARTBEAT_SLACK_SECONDS, abs=0.5)
    assert record.completed_at is None


def test_double_speed_counts_the_seconds_watched_when_played_at_2x(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])
    age_viewing(record, 10)  # 10 s of wall time at 2x covers 20 s of video
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 30]])
    assert record.watched_seconds == 30


def test_seeking_to_the_end_completes_nothing_when_only_the_end_was_played(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[97, 100]], position=100)
    assert record.coverage == pytest.approx(0.03)
    assert record.completed_at is None


def test_completion_is_set_once_when_coverage_reaches_threshold(teacher, video):
    record = _watch_all(teacher, video)
    assert record.coverage == 1.0
    completed_at = record.completed_at
    assert completed_at is not None
    age_viewing(record, 10)
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])
    assert record.completed_at == completed_at


def test_completion_waits_for_the_default_threshold_when_coverage_is_just_below(teacher, video, settings):
    settings.PDSITE_COMPLETION_THRESHOLD = 0.9
    record = None
    for start in range(0, 80, 10):
        record = progress_record_heartbeat(user=teacher, video=video, ranges=[[start, start + 10]])
        age_viewing(record, 10)
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[80, 89]])
    assert record.coverage == pytest.approx(0.89) and record.completed_at is None
    age_viewing(record, 10)
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[89, 90]])
    assert record.completed_at is not None


def test_clip_page_threshold_applies_when_set(teacher, video, clip_library):
    page = PDVideoPageFactory(parent=clip_library, title="Short clip", video=video, completion_threshold=0.6)
    assert completion_threshold_for(video) == 0.6
    record = None
    for start in range(0, 60, 10):
        record = progress_record_heartbeat(user=teacher, video=video, ranges=[[start, start + 10]])
        age_viewing(record, 10)
    assert record.coverage == pytest.approx(0.6)
    assert record.completed_at is not None


def test_ranges_a_little_past_the_end_are_clamped_when_player_rounds(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[95, 100.4]], position=100.4)
    assert record.watched_intervals == [[95.0, 100.0]]
    assert record.last_position == 100.0


@pytest.mark.parametrize(
    "ranges",
    [
        [[-1, 5]],  # negative
        [[5, 1]],  # reversed
        [["a", 2]],
        [[1]],
        "nonsense",
        [[float("nan"), 2]],
        [[0, float("inf")]],
        [[0, 1e12]],  # huge
        [[150, 160]],  # in the future: past the end of the video
        [[True, 2]],
        [{"start": 0, "end": 2}],
        [[0, 1]] * 501,  # too many
    ],
)
def test_forged_or_malformed_ranges_change_nothing_when_reported(teacher, video, ranges):
    with pytest.raises(InvalidReport):
        progress_record_heartbeat(user=teacher, video=video, ranges=ranges)
    assert not ViewingRecord.objects.exists()


@pytest.mark.parametrize("position", ["x", -3, 1e9, float("nan")])
def test_forged_position_changes_nothing_when_reported(teacher, video, position):
    with pytest.raises(InvalidReport):
        progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 5]], position=position)
    assert not ViewingRecord.objects.exists()


def test_reports_are_refused_when_video_is_not_ready(teacher, db):
    video = VideoFactory(status=Video.Status.TRANSCODING)
    with pytest.raises(InvalidReport, match="not ready"):
        progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 1]])


def test_teachers_keep_separate_records_when_watching_the_same_video(teacher, video):
    other = UserFactory(username="colleague")
    progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])
    progress_record_heartbeat(user=other, video=video, ranges=[[50, 55]])
    assert ViewingRecord.objects.get(user=teacher).watched_intervals == [[0.0, 10.0]]
    assert ViewingRecord.objects.get(user=other).watched_intervals == [[50.0, 55.0]]


def test_signal_is_sent_after_commit_only_when_seconds_are_added(teacher, video, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["record"].watched_seconds, kwargs["completed_now"]))

    viewing_progressed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])
        with django_capture_on_commit_callbacks(execute=True):
            progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])  # nothing new
    finally:
        viewing_progressed.disconnect(receiver)
    assert received == [(10.0, False)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_do_not_double_count_when_reporting_at_once():
    """Two tabs of one teacher report overlapping ranges concurrently: the row lock makes
    the merge serial, so the union is stored once and the cap is not spent twice."""
    teacher = UserFactory(username="two-tabs")
    video = VideoFactory(status=Video.Status.READY, duration=100.0)
    barrier = threading.Barrier(2)
    errors = []

    def tab(ranges):
        try:
            barrier.wait()
            progress_record_heartbeat(user=teacher, video=video, ranges=ranges)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tab, args=([[0, 10]],)), threading.Thread(target=tab, args=([[5, 12]],))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    record = ViewingRecord.objects.get(user=teacher, video=video)
    assert record.watched_intervals == [[0.0, 12.0]]
    assert record.watched_seconds == 12.0


def test_back_to_back_forged_reports_gain_the_slack_once_when_sent_at_once(teacher, settings):
    """The trust issue's attack: two POSTs of [[0, D]] in the same second on a 26 s clip."""
    clip = VideoFactory(status=Video.Status.READY, duration=26.0)
    progress_record_heartbeat(user=teacher, video=clip, ranges=[[0, 26]])
    record = progress_record_heartbeat(user=teacher, video=clip, ranges=[[0, 26]])
    assert record.watched_seconds == pytest.approx(settings.PDSITE_HEARTBEAT_SLACK_SECONDS, abs=0.1) == 12
    assert record.completed_at is None


def test_budget_left_unused_is_not_saved_up_when_the_viewer_comes_back_later(teacher, video, settings):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 5]])
    age_viewing(record, settings.PDSITE_HEARTBEAT_WINDOW_IDLE_SECONDS + 60)  # back after a break
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 100]])
    assert record.watched_seconds == pytest.approx(5 + settings.PDSITE_HEARTBEAT_SLACK_SECONDS, abs=0.1)


def test_a_window_closes_when_it_is_old_even_while_reports_keep_coming(teacher, video, settings):
    settings.PDSITE_HEARTBEAT_WINDOW_MAX_SECONDS = 60
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 5]])
    ViewingRecord.objects.filter(pk=record.pk).update(
        credit_window_started_at=record.credit_window_started_at - timedelta(seconds=120)
    )
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 100]])
    assert record.watched_seconds == pytest.approx(5 + settings.PDSITE_HEARTBEAT_SLACK_SECONDS, abs=0.1)


def test_playing_at_2x_with_reports_every_10_s_counts_every_second_when_honest(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[])  # the player's "playing" report
    age_viewing(record, 10)
    for n in range(1, 6):  # 10 s of wall time between reports, 20 s of video each at 2x
        record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 20 * n]])
        age_viewing(record, 10)
    record.refresh_from_db()
    assert record.watched_seconds == 100


def test_a_report_is_at_most_two_statements_when_the_record_exists(teacher, video, django_assert_max_num_queries):
    """PostgreSQL: one statement (test_services_progress_statement.py); elsewhere read the row,
    write it if unchanged (autocommit: no BEGIN, lock or COMMIT round trips)."""
    progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 5]])
    with django_assert_max_num_queries(2):
        record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8]], position=8)
    assert record.watched_seconds == 8.0
    newcomer = UserFactory()
    with django_assert_max_num_queries(2):  # the first report: read (none), insert
        progress_record_heartbeat(user=newcomer, video=video, ranges=[[0, 5]])


def test_a_write_reads_again_when_another_tab_wrote_in_between(teacher, video):
    """The compare-and-set of engines without multiranges: a write against a stale revision
    changes nothing and says so."""
    from pdsite.progress import services

    first = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 5]])
    stale = ViewingRecord.objects.get(pk=first.pk)
    progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8]])
    stale.watched_intervals, stale.watched_seconds = [[0.0, 50.0]], 50.0
    assert services._write_record(stale, now=stale.last_report_at) is False
    assert ViewingRecord.objects.get(pk=first.pk).watched_intervals == [[0.0, 8.0]]

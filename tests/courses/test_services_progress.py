from datetime import timedelta

import pytest

from pdsite.courses.models import ViewingRecord
from pdsite.courses.services import InvalidReport, progress_record_heartbeat
from pdsite.videos.models import Video
from tests.factories.videos import VideoFactory


@pytest.fixture
def video(db):
    return VideoFactory(status=Video.Status.READY, duration=100.0)


def _age_last_report(record: ViewingRecord, seconds: float) -> None:
    """Pretend the previous report arrived `seconds` ago (wall time is what the cap uses)."""
    ViewingRecord.objects.filter(pk=record.pk).update(last_report_at=record.last_report_at - timedelta(seconds=seconds))


def test_first_report_records_unique_seconds_when_teacher_plays(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8]], position=8)
    assert record.watched_seconds == 8
    assert record.percent_watched == 8
    assert record.last_position == 8


def test_rewatching_adds_nothing_when_ranges_repeat(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8]])
    _age_last_report(record, 10)
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 8], [0, 8]])
    assert record.watched_seconds == 8


def test_new_seconds_are_capped_by_wall_time_when_report_claims_too_much(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 5]])
    _age_last_report(record, 10)
    # 10 s of wall time at up to 2x speed, plus the grace, cannot cover 95 s.
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 100]])
    assert record.watched_seconds == pytest.approx(5 + 10 * 2 + 12, abs=0.5)
    assert record.completed_at is None


def test_seeking_to_the_end_completes_nothing_when_only_the_end_was_played(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[97, 100]])
    assert record.coverage == pytest.approx(0.03)
    assert record.completed_at is None


def test_completion_is_set_once_when_coverage_reaches_threshold(teacher, video):
    record = None
    for start in range(0, 100, 10):
        record = progress_record_heartbeat(user=teacher, video=video, ranges=[[start, start + 10]])
        _age_last_report(record, 10)
    record.refresh_from_db()
    assert record.coverage == 1.0
    completed_at = record.completed_at
    assert completed_at is not None
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10]])
    assert record.completed_at == completed_at


def test_ranges_outside_the_video_are_clamped_when_reported(teacher, video):
    record = progress_record_heartbeat(user=teacher, video=video, ranges=[[95, 130]])
    assert record.watched_intervals == [[95.0, 100.0]]


@pytest.mark.parametrize(
    "ranges",
    [[[-1, 5]], [[5, 1]], [["a", 2]], [[1]], "nonsense", [[float("nan"), 2]]],
)
def test_malformed_ranges_are_refused_when_reported(teacher, video, ranges):
    with pytest.raises(InvalidReport):
        progress_record_heartbeat(user=teacher, video=video, ranges=ranges)
    assert not ViewingRecord.objects.exists()


def test_reports_are_refused_when_video_is_not_ready(teacher, db):
    video = VideoFactory(status=Video.Status.TRANSCODING)
    with pytest.raises(InvalidReport, match="not ready"):
        progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 1]])

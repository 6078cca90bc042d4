"""School uptake (`selectors.uptake.school_uptake`): the same records the grid reads, counted once."""

from datetime import timedelta

from django.utils import timezone

from pdsite.courses.models import BigIdea
from pdsite.departments import selectors
from pdsite.progress.models import ViewingRecord
from tests.departments.conftest import watch
from tests.factories.courses import PDVideoPageFactory


def _coherence(rows):
    return next(row for row in rows if row.dimension == "Big Idea" and row.name == "Coherence")


def test_uptake_counts_the_schools_teachers_records_in_the_term_when_run(org, stranger):
    p = org.people
    watch(p.alice, org.clips[0], (0, 10))
    watch(p.alice, org.clips[1], (0, 5))
    watch(p.bob, org.clips[0], (0, 20))
    watch(stranger, org.clips[0], (0, 20))  # another school: not counted
    watch(p.hod, org.clips[2], (0, 20))
    ViewingRecord.objects.filter(user=p.hod).update(last_report_at=timezone.now() - timedelta(days=400))
    term = selectors.TermWindow.containing(timezone.localdate())

    row = _coherence(selectors.school_uptake(school=org.school, term=term))

    counted = ViewingRecord.objects.filter(user__in=[p.alice, p.bob])
    assert (row.teachers, row.of_teachers) == (2, 5)
    assert row.completions == counted.filter(completed_at__isnull=False).count() == 1
    assert row.hours == round(sum(r.watched_seconds for r in counted) / 3600, 2)
    assert [r.dimension for r in selectors.school_uptake(school=org.school, term=term)] == ["Big Idea"]


def test_uptake_counts_a_video_once_when_two_pages_show_it(org, clip_library):
    p = org.people
    watch(p.bob, org.clips[0], (0, 20))
    term = selectors.TermWindow.containing(timezone.localdate())
    before = _coherence(selectors.school_uptake(school=org.school, term=term))

    PDVideoPageFactory(
        parent=clip_library, title="Same video again", slug="same-again", video=org.clips[0].video,
        big_ideas=list(BigIdea.objects.filter(slug="coherence")),
    )

    assert _coherence(selectors.school_uptake(school=org.school, term=term)) == before
    assert (before.teachers, before.completions) == (1, 1)


def test_uptake_is_empty_when_nobody_watched_in_the_term(org):
    term = selectors.TermWindow.containing(timezone.localdate())

    assert selectors.school_uptake(school=org.school, term=term) == []

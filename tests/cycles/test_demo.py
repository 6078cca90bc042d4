"""The demo's lesson-study cycle (cycles/demo.py): led by ect with mentor, teacher not in it."""

from pdsite.cycles import demo
from pdsite.cycles.access import can_view_cycle
from pdsite.departments import demo as departments_demo
from tests.factories.cycles import recording_for


def test_demo_cycle_is_made_once_with_the_ects_recording_when_seeded(db):
    departments_demo.seed()
    cycle = demo.seed()
    ect = cycle.created_by
    assert ect.username == "ect" and {u.username for u in cycle.participants.all()} == {"ect", "mentor"}
    teacher = cycle.department.memberships.get(user__username="teacher").user
    assert not can_view_cycle(teacher, cycle)
    recording = recording_for(ect, cycle.department)
    assert demo.seed(recording=recording).pk == cycle.pk
    recording.refresh_from_db()
    assert recording.cycle_ends_on == cycle.ends_on
    assert cycle.steps.filter(done_at__isnull=False).count() == 1

"""Assignment status comes from what people actually watched (progress service), on read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pdsite.departments import selectors, services
from pdsite.departments.models import Assignment
from tests.factories.courses import ModuleIndexPageFactory, PDModulePageFactory, clip_block

from .conftest import make_clip, watch

pytestmark = pytest.mark.django_db


def _assign(org, target, *, due_in=timedelta(days=2), users=None):
    return services.assignment_create(
        department=org.maths,
        target=target,
        due_at=timezone.now() + due_in,
        recipients=users or [org.people.alice, org.people.bob],
        created_by=org.people.hod,
    )


def test_roster_shows_one_of_two_ready_when_one_watched_fully_and_one_half(org, workshop):
    p = org.people
    for clip in org.clips[:2]:
        watch(p.alice, clip, (0, 12), (12, 20))
        watch(p.bob, clip, (0, 10))
    roster = selectors.workshop_roster(workshop=workshop)
    assert roster.readiness == "1 of 2 ready"
    by_name = {row.user.username: row for row in roster.rows}
    assert by_name["alice"].ready and by_name["alice"].state == selectors.State.COMPLETE
    assert not by_name["bob"].ready
    assert by_name["bob"].percent == 50
    assert by_name["bob"].label == "In progress: 50 % watched"


def test_pre_viewing_is_due_48_hours_before_and_follow_up_a_week_after_when_not_given(workshop):
    assert workshop.starts_at - workshop.pre_viewing_due_at == timedelta(hours=48)
    assert workshop.follow_up_at - workshop.starts_at == timedelta(days=7)
    assert workshop.pre_viewing.count() == 2
    assert all(a.due_at == workshop.pre_viewing_due_at for a in workshop.pre_viewing.all())


def test_clip_range_counts_only_the_range_when_the_teacher_watched_part_of_the_clip(org):
    p = org.people
    clip = org.clips[2]
    a = _assign(org, services.Target(kind=Assignment.Kind.CLIP_RANGE, clip=clip, start_seconds=10, end_seconds=20))
    watch(p.alice, clip, (0, 10))  # before the range: counts for nothing
    watch(p.bob, clip, (0, 12), (12, 20))
    status = selectors.statuses_for([Assignment.objects.select_related("clip__video").get(pk=a.pk)], [p.alice.pk, p.bob.pk])
    assert status[(a.pk, p.alice.pk)].coverage == 0
    assert status[(a.pk, p.bob.pk)].complete
    assert status[(a.pk, p.bob.pk)].watched_seconds == 10


def test_module_is_complete_only_when_all_its_clips_are_when_watched_in_part(org, home_page):
    p = org.people
    index = ModuleIndexPageFactory(parent=home_page)
    module = PDModulePageFactory(
        parent=index,
        title="Equality module",
        slug="equality-module",
        kind="big_ideas",
        body=[clip_block(org.clips[0]), clip_block(org.clips[1])],
    )
    a = _assign(org, services.Target(kind=Assignment.Kind.MODULE, module=module))
    watch(p.alice, org.clips[0], (0, 12), (12, 20))
    loaded = Assignment.objects.select_related("clip__video", "module").get(pk=a.pk)
    half = selectors.statuses_for([loaded], [p.alice.pk])[(a.pk, p.alice.pk)]
    assert not half.complete and half.percent == 50
    watch(p.alice, org.clips[1], (0, 12), (12, 20))
    assert selectors.statuses_for([loaded], [p.alice.pk])[(a.pk, p.alice.pk)].complete


def test_status_is_late_when_completed_after_the_due_time(org):
    p = org.people
    a = _assign(org, services.Target(kind="clip", clip=org.clips[0]), due_in=timedelta(days=-1))
    watch(p.alice, org.clips[0], (0, 12), (12, 20))
    statuses = selectors.statuses_for([Assignment.objects.select_related("clip__video").get(pk=a.pk)], [p.alice.pk, p.bob.pk])
    assert statuses[(a.pk, p.alice.pk)].state == selectors.State.LATE
    assert statuses[(a.pk, p.bob.pk)].state == selectors.State.OVERDUE


def test_my_assignments_are_soonest_first_with_overdue_flagged(org):
    p = org.people
    _assign(org, services.Target(kind="clip", clip=org.clips[0]), due_in=timedelta(days=5))
    _assign(org, services.Target(kind="clip", clip=org.clips[1]), due_in=timedelta(days=-1))
    items = selectors.due_for_user(user=p.bob).assignments
    assert [i.assignment.clip.slug for i in items] == ["like-terms", "equals"]
    assert items[0].overdue and not items[1].overdue


def test_grid_query_count_is_constant_when_members_and_items_grow(org, django_assert_max_num_queries, clip_library):
    from tests.factories.departments import MembershipFactory

    p = org.people
    _assign(org, services.Target(kind="clip", clip=org.clips[0]))
    watch(p.alice, org.clips[0], (0, 10))
    with django_assert_max_num_queries(5):
        small = selectors.department_grid(department=org.maths)
    for n in range(6):
        MembershipFactory(department=org.maths)
    extra = make_clip(clip_library, "Extra", "extra")
    for clip in [*org.clips, extra]:
        _assign(org, services.Target(kind="clip", clip=clip), users=[m.user for m in org.maths.memberships.all()])
    with django_assert_max_num_queries(5):
        big = selectors.department_grid(department=org.maths)
    assert len(big.rows) == len(small.rows) + 6 and len(big.items) == 5


def test_roster_and_uptake_query_counts_are_small_when_run(org, workshop, django_assert_max_num_queries):
    watch(org.people.alice, org.clips[0], (0, 10))
    with django_assert_max_num_queries(4):
        selectors.workshop_roster(workshop=workshop)
    term = selectors.TermWindow.containing(timezone.localdate())
    with django_assert_max_num_queries(4):
        selectors.school_uptake(school=org.school, term=term)

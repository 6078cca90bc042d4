"""The one access rule of Work Groups and the "workgroup" share audience."""

import pytest

from pdsite.lessons.access import shares_reaching
from pdsite.lessons.audiences import audience_choices, audience_kind, audience_members, audiences_for
from pdsite.workgroups import access, services
from pdsite.workgroups.models import Booking, WorkGroup
from tests.factories.cycles import recording_for
from tests.factories.workgroups import book
from tests.support.recordings import make_share


@pytest.fixture
def booked(wg):
    wg.nbook = book(wg.group, wg.north, wg.nhod, [wg.nann, wg.nben], foci=(wg.a, wg.b), endorse=True)
    wg.sbook = book(wg.group, wg.south, wg.shod, [wg.ssue])
    return wg


def test_the_space_is_for_members_facilitators_and_booked_schools_leads(booked):
    w = booked
    for user in (w.nann, w.nben, w.ssue, w.fac, w.nhod, w.shod):
        assert access.can_view_space(user, w.group), user
    for user in (w.ncat, w.whod, w.wteacher):
        assert not access.can_view_space(user, w.group), user
    assert list(WorkGroup.objects.visible_to(w.wteacher)) == []
    assert list(WorkGroup.objects.visible_to(w.nann)) == [w.group]


def test_a_school_lead_sees_their_own_booking_and_a_facilitator_every_one(booked):
    w = booked
    assert set(access.bookings_visible_to(w.fac, w.group)) == {w.nbook, w.sbook}
    assert list(access.bookings_visible_to(w.nhod, w.group)) == [w.nbook]
    assert list(access.bookings_visible_to(w.ssue, w.group)) == [w.sbook]
    assert not access.can_view_booking(w.shod, w.nbook)
    assert access.can_view_booking(w.nben, w.nbook)


def test_needs_are_seen_by_the_person_their_lead_and_the_facilitators_only(booked):
    w = booked
    ann = w.nbook.participants.get(user=w.nann)
    assert access.can_see_needs(w.nann, ann) and access.can_see_needs(w.nhod, ann) and access.can_see_needs(w.fac, ann)
    assert not access.can_see_needs(w.ssue, ann) and not access.can_see_needs(w.nben, ann)


def test_a_cancelled_place_loses_the_space_at_once(booked):
    w = booked
    services.booking_cancel(booking=w.sbook, by=w.shod)
    assert not access.can_view_space(w.ssue, w.group)
    assert Booking.objects.get(pk=w.sbook.pk).status == Booking.Status.CANCELLED


def test_a_recording_shared_with_the_work_group_reaches_its_members_and_facilitators(booked):
    w = booked
    recording = recording_for(w.nann, w.north)
    make_share(recording, kind="workgroup", to=w.group)
    assert audience_kind("workgroup") is not None
    for user in (w.nben, w.ssue, w.fac):
        assert shares_reaching(user, recording).exists(), user
    for user in (w.ncat, w.wteacher, w.nhod):
        assert not shares_reaching(user, recording).exists(), user
    members = set(audience_members("workgroup", w.group.pk))
    assert {w.nann, w.nben, w.ssue, w.fac} <= members and w.wteacher not in members
    assert ("workgroup", w.group.pk, str(w.group)) in audience_choices(w.nann)
    assert ("workgroup", w.group.pk, str(w.group)) not in audience_choices(w.ncat)
    services.booking_cancel(booking=w.sbook, by=w.shod)
    assert not shares_reaching(w.ssue, recording).exists()
    assert audiences_for(None)

"""Agenda moments: "@m:ss" in an item, linked only for viewers who may see the recording."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pdsite.cycles import moments, services
from tests.factories.cycles import recording_for
from tests.factories.users import UserFactory


def test_moments_are_read_when_written_with_an_at_sign():
    assert moments.moments_in("Pupils' tables @12:05, then @1:02:03") == [725, 3723]
    assert moments.moments_in("Share in the ratio 3:1 at 12:05") == []  # a ratio, a bare time: plain text
    assert moments.clock(725) == "12:05" and moments.clock(3723) == "1:02:03"


def _lines(study, org, viewer, *, private):
    recording = recording_for(org.people.alice, org.maths, private=private)
    step = study.steps.select_related("cycle").get(kind="discussion")
    workshop = services.discussion_save(step=step, by=org.people.alice, starts_at=timezone.now(),
                                        agenda=[(10, "The opening task @3:20 and after")])
    return recording, moments.agenda_lines(workshop, recording=recording, viewer=viewer)


def test_moment_shows_the_time_without_a_link_when_the_viewer_may_not_see_the_recording(study, org):
    _, lines = _lines(study, org, org.people.bob, private=True)  # not shared with Bob
    assert [(p.text, p.seconds, p.url) for p in lines[0].parts] == [
        ("The opening task ", None, None), ("3:20", 200, None), (" and after", None, None)]


def test_moment_links_to_the_recording_at_its_second_when_the_viewer_may_see_it(study, org):
    admin = UserFactory(username="admin", is_superuser=True)
    recording, lines = _lines(study, org, admin, private=False)  # a video the superuser may see
    assert lines[0].parts[1].url == reverse("lessons:recording", args=[recording.pk]) + "?t=200"

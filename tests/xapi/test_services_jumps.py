"""paused and seeked against a real LRS (ralph): derived from the server's record of unique
seconds by jumps.py's one rule, valid Video Profile statements, and never sent twice."""

import threading

import pytest
from django.db import connection

from pdsite.progress.services import progress_record_heartbeat
from pdsite.xapi import statements as s
from pdsite.xapi.models import Outbox, ViewingTrail
from pdsite.xapi.selectors import video_iri
from pdsite.xapi.services import outbox_send, xapi_viewing_record
from pdsite.xapi.tasks import xapi_viewing_record_task
from tests.factories.users import UserFactory
from tests.support.lrs import ralph_video_models
from tests.support.progress import age_viewing, watch

pytestmark = pytest.mark.service
ralph_video = ralph_video_models()
MODELS = {"paused": ralph_video.VideoPaused, "seeked": ralph_video.VideoSeeked, "played": ralph_video.VideoPlayed}


def verbs(found):
    return [st["verb"]["id"].rsplit("/", 1)[-1] for st in found]


def test_going_back_arrives_as_paused_and_seeked_when_the_new_seconds_begin_elsewhere(
    lrs, video, django_capture_on_commit_callbacks
):
    teacher = UserFactory(username="xapi-jo", email="jo@school.example.org")
    watch(teacher, video, (50, 60), (60, 70), (0, 10), (10, 20), on_commit=django_capture_on_commit_callbacks)

    found = lrs.statements(activity=video_iri(video.pk))
    assert verbs(found) == ["initialized", "played", "played", "paused", "seeked", "played", "played"]
    paused, seeked = found[3], found[4]
    assert paused["result"]["extensions"] == {s.TIME: 70.0, s.PLAYED_SEGMENTS: "50.0[.]70.0", s.PROGRESS: 0.2}
    assert seeked["result"]["extensions"] == {
        s.TIME_FROM: 70.0,
        s.TIME_TO: 0.0,
        s.PLAYED_SEGMENTS: "50.0[.]70.0",
        s.PROGRESS: 0.2,
    }
    assert found[5]["result"]["extensions"][s.PLAYED_SEGMENTS] == "0.0[.]10.0[,]50.0[.]70.0"
    assert found[5]["result"]["extensions"][s.TIME] == 10.0  # where the record grew to, not a claim
    assert found[6]["result"]["extensions"][s.PROGRESS] == 0.4  # 10–20 continued: no jump
    for statement in found[1:]:
        MODELS[verbs([statement])[0]].model_validate(statement)
    session = {st["context"]["extensions"][s.SESSION_ID] for st in found}
    assert len(session) == 1


def test_a_jump_inside_one_report_arrives_when_it_grows_two_stretches(lrs, video, django_capture_on_commit_callbacks):
    teacher = UserFactory(username="xapi-kit", email="kit@school.example.org")
    record = watch(teacher, video, (0, 10), on_commit=django_capture_on_commit_callbacks)
    age_viewing(record, 10)
    # Played on to 15, then skipped to 40 and played 5 s before the next report went.
    with django_capture_on_commit_callbacks(execute=True):
        progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 15], [40, 45]], position="45")

    found = lrs.statements(activity=video_iri(video.pk))
    assert verbs(found)[-3:] == ["paused", "seeked", "played"]
    assert found[-3]["result"]["extensions"][s.TIME] == 15.0
    extensions = found[-2]["result"]["extensions"]
    assert (extensions[s.TIME_FROM], extensions[s.TIME_TO], extensions[s.PLAYED_SEGMENTS]) == (15.0, 40.0, "0.0[.]15.0")
    assert ViewingTrail.objects.get(user=teacher, video=video).head == 45.0


def test_nothing_is_sent_twice_when_a_jump_is_replayed(lrs, video, django_capture_on_commit_callbacks):
    teacher = UserFactory(username="xapi-lu", email="lu@school.example.org")
    watch(teacher, video, (0, 10), (30, 40), on_commit=django_capture_on_commit_callbacks)
    before = lrs.statements(activity=video_iri(video.pk))
    assert verbs(before).count("seeked") == 1
    rows = Outbox.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        xapi_viewing_record_task(teacher.pk, video.pk)  # the task delivered again: nothing new
    # The trail put back as it was before the jump (a run whose commit was lost): the same ids.
    ViewingTrail.objects.filter(user=teacher, video=video).update(described_intervals=[[0, 10]], head=10.0)
    with django_capture_on_commit_callbacks(execute=True):
        assert xapi_viewing_record(user=teacher, video=video) == 0
    Outbox.objects.update(status=Outbox.Status.PENDING)
    assert outbox_send().sent == rows  # sent again: the LRS holds each id once

    assert Outbox.objects.count() == rows
    assert [st["id"] for st in lrs.statements(activity=video_iri(video.pk))] == [st["id"] for st in before]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_jump_is_queued_once_when_two_runs_for_one_viewing_race(lrs, settings, video):
    teacher = UserFactory(username="xapi-mo", email="mo@school.example.org")
    record = watch(teacher, video, (0, 10))  # outside a transaction: its statements are made at once
    settings.PDSITE_XAPI_ENDPOINT = ""  # the next report queues no run: the two below race for it
    age_viewing(record, 10)
    progress_record_heartbeat(user=teacher, video=video, ranges=[[0, 10], [60, 70]])
    lrs.settings_for(settings)

    added, start = [], threading.Barrier(2)

    def run():
        try:
            start.wait()
            added.append(xapi_viewing_record(user=teacher, video=video))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(added) == [0, 3]  # paused, seeked, played: once, by whichever ran first
    assert Outbox.objects.filter(verb=s.VERBS["seeked"]).count() == 1

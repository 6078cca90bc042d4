"""The statement builders as pure functions, checked against ralph's models of the xAPI Video
Profile (the library an LRS validates with), so a statement that passes is one the profile allows."""

import datetime
import uuid

import pytest

from pdsite.xapi import statements as s
from tests.support.lrs import ralph_video_models

ralph_video = ralph_video_models()

WHEN = datetime.datetime(2026, 12, 4, 9, 30, tzinfo=datetime.UTC)
ACTOR = s.actor_mbox(email="ada@school.example.org")
VIDEO = s.video_activity(iri="https://pd.example.org/xapi/videos/7", title="Bar models")
INTERVALS = [[0.0, 12.5], [30.0, 40.0]]


def test_played_segments_follow_the_profile_format_when_built_from_intervals():
    assert s.played_segments(INTERVALS) == "0.0[.]12.5[,]30.0[.]40.0"
    assert s.played_segments([]) == ""


def test_progress_is_the_share_of_the_length_when_intervals_are_given():
    assert s.progress_of(INTERVALS, duration=100) == 0.225
    assert s.progress_of([[0, 200]], duration=100) == 1.0
    assert s.progress_of([[0, 5]], duration=0) == 0.0


def test_ids_are_stable_when_the_same_fact_is_built_twice():
    first = s.video_played(actor=ACTOR, video=VIDEO, intervals=INTERVALS, duration=100, time=40, timestamp=WHEN)
    again = s.video_played(
        actor=ACTOR, video=VIDEO, intervals=INTERVALS, duration=100, time=40, timestamp=WHEN + datetime.timedelta(1)
    )
    assert first["id"] == again["id"]
    uuid.UUID(first["id"])  # a UUID
    more = s.video_played(
        actor=ACTOR, video=VIDEO, intervals=[[0, 50]], duration=100, time=50, timestamp=WHEN
    )
    other_actor = s.video_played(
        actor=s.actor_mbox(email="bob@school.example.org"), video=VIDEO, intervals=INTERVALS, duration=100, time=40,
        timestamp=WHEN,
    )
    assert len({first["id"], more["id"], other_actor["id"]}) == 3


def test_initialized_and_completed_are_once_per_teacher_and_video_when_built_again():
    common = {"actor": ACTOR, "video": VIDEO, "duration": 100, "threshold": 0.9, "timestamp": WHEN}
    a = s.video_completed(intervals=INTERVALS, time=1, **common)
    b = s.video_completed(intervals=[[0, 100]], time=9, **common)
    assert a["id"] == b["id"]
    assert s.video_initialized(**common)["id"] != a["id"]


BUILDERS = {
    "VideoInitialized": lambda: s.video_initialized(
        actor=ACTOR, video=VIDEO, duration=100, threshold=0.9, timestamp=WHEN
    ),
    "VideoPlayed": lambda: s.video_played(
        actor=ACTOR, video=VIDEO, intervals=INTERVALS, duration=100, time=40, timestamp=WHEN
    ),
    "VideoPaused": lambda: s.video_paused(
        actor=ACTOR, video=VIDEO, intervals=INTERVALS, duration=100, time=40, timestamp=WHEN
    ),
    "VideoSeeked": lambda: s.video_seeked(
        actor=ACTOR, video=VIDEO, time_from=12.5, time_to=30, intervals=INTERVALS, duration=100, timestamp=WHEN
    ),
    "VideoCompleted": lambda: s.video_completed(
        actor=ACTOR, video=VIDEO, intervals=[[0, 95]], duration=100, threshold=0.9, time=95, timestamp=WHEN
    ),
}


@pytest.mark.parametrize("model", sorted(BUILDERS))
def test_video_statements_validate_against_the_video_profile_when_built(model):
    statement = BUILDERS[model]()
    parsed = getattr(ralph_video, model).model_validate(statement)
    assert str(parsed.id) == statement["id"]
    assert statement["timestamp"] == "2026-12-04T09:30:00.000Z"


def test_result_extensions_come_from_the_intervals_when_played():
    statement = s.video_played(actor=ACTOR, video=VIDEO, intervals=INTERVALS, duration=100, time=40, timestamp=WHEN)
    extensions = statement["result"]["extensions"]
    assert extensions[s.PLAYED_SEGMENTS] == "0.0[.]12.5[,]30.0[.]40.0"
    assert extensions[s.PROGRESS] == 0.225
    assert extensions[s.TIME] == 40
    assert statement["verb"]["id"] == "https://w3id.org/xapi/video/verbs/played"


def test_paused_and_seeked_carry_the_record_when_built():
    paused = BUILDERS["VideoPaused"]()["result"]["extensions"]
    assert paused == {s.TIME: 40, s.PLAYED_SEGMENTS: "0.0[.]12.5[,]30.0[.]40.0", s.PROGRESS: 0.225}
    seeked = BUILDERS["VideoSeeked"]()
    assert seeked["result"]["extensions"] == {
        s.TIME_FROM: 12.5,
        s.TIME_TO: 30,
        s.PLAYED_SEGMENTS: "0.0[.]12.5[,]30.0[.]40.0",
        s.PROGRESS: 0.225,
    }
    # The id is of the jump and the record, not of when it was seen.
    later = s.video_seeked(
        actor=ACTOR, video=VIDEO, time_from=12.5, time_to=30, intervals=INTERVALS, duration=100,
        timestamp=WHEN + datetime.timedelta(minutes=5),
    )
    assert later["id"] == seeked["id"]


def test_account_actor_names_no_email_when_configured():
    actor = s.actor_account(homepage="https://school.example.org", name="ada")
    statement = s.video_initialized(actor=actor, video=VIDEO, duration=100, threshold=0.9, timestamp=WHEN)
    account = {"homePage": "https://school.example.org", "name": "ada"}
    assert statement["actor"] == {"objectType": "Agent", "account": account}
    ralph_video.VideoInitialized.model_validate(statement)


def test_completed_of_a_step_names_its_pathway_when_built():
    from ralph.models.xapi.base.statements import BaseXapiStatement

    base = "https://pd.example.org/xapi/pathways/1"
    step = s.activity(iri=f"{base}/steps/2", activity_type=s.STEP_ACTIVITY_TYPE, title="Reflect")
    course = "http://adlnet.gov/expapi/activities/course"
    pathway = s.activity(iri=base, activity_type=course, title="ECT year 1")
    statement = s.activity_completed(actor=ACTOR, obj=step, timestamp=WHEN, parent=pathway)
    BaseXapiStatement.model_validate(statement)
    assert statement["context"]["contextActivities"]["parent"] == [pathway]
    assert statement["result"] == {"completion": True}

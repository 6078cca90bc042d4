"""The outbox against a real LRS (ralph): what a teacher watches arrives as Video Profile
statements whose extensions are the server's own intervals; nothing is sent twice; an LRS
outage loses nothing and keeps the order."""

import datetime

import pytest
from django.utils import timezone

from pdsite.xapi import statements as s
from pdsite.xapi.models import Outbox
from pdsite.xapi.selectors import outbox_backlog, video_iri
from pdsite.xapi.services import outbox_enqueue, outbox_send, xapi_viewing_record
from pdsite.xapi.tasks import xapi_outbox_send_task, xapi_viewing_record_task
from tests.factories.users import UserFactory
from tests.factories.videos import VideoFactory
from tests.support.lrs import PrivateLrs, ralph_video_models
from tests.support.progress import watch

pytestmark = pytest.mark.service
ralph_video = ralph_video_models()


def verbs(found):
    return [st["verb"]["id"].rsplit("/", 1)[-1] for st in found]


def test_statements_arrive_with_the_servers_intervals_when_a_teacher_watches(
    lrs, video, django_capture_on_commit_callbacks
):
    teacher = UserFactory(username="xapi-ada", email="ada@school.example.org")
    watch(teacher, video, (0, 10), (10, 20), (40, 50), on_commit=django_capture_on_commit_callbacks)

    found = lrs.statements(activity=video_iri(video.pk))
    # 20 → 40 is a jump in the record: paused where it stopped growing, seeked to the new start.
    assert verbs(found) == ["initialized", "played", "played", "paused", "seeked", "played"]
    assert {st["object"]["id"] for st in found} == {video_iri(video.pk)}
    assert {st["actor"]["mbox"] for st in found} == {"mailto:ada@school.example.org"}
    record = teacher.viewing_records.get(video=video)
    last_played = [st for st in found if st["verb"]["id"] == s.VERBS["played"]][-1]
    extensions = last_played["result"]["extensions"]
    assert extensions[s.PLAYED_SEGMENTS] == s.played_segments(record.watched_intervals) == "0.0[.]20.0[,]40.0[.]50.0"
    assert extensions[s.PROGRESS] == pytest.approx(record.coverage) == 0.3
    paused, seeked = found[3]["result"]["extensions"], found[4]["result"]["extensions"]
    assert paused == {s.TIME: 20.0, s.PLAYED_SEGMENTS: "0.0[.]20.0", s.PROGRESS: 0.2}
    assert seeked == {s.TIME_FROM: 20.0, s.TIME_TO: 40.0, s.PLAYED_SEGMENTS: "0.0[.]20.0", s.PROGRESS: 0.2}
    assert not Outbox.objects.exclude(status=Outbox.Status.SENT).exists()
    # What the LRS stored is valid Video Profile xAPI (ralph's own models of the profile).
    models = {
        "initialized": ralph_video.VideoInitialized,
        "played": ralph_video.VideoPlayed,
        "paused": ralph_video.VideoPaused,
        "seeked": ralph_video.VideoSeeked,
    }
    for statement in found:
        models[verbs([statement])[0]].model_validate(statement)


def test_completed_arrives_once_when_coverage_reaches_the_threshold(lrs, video, django_capture_on_commit_callbacks):
    teacher = UserFactory(username="xapi-bo", email="bo@school.example.org")
    ranges = [(start, start + 10) for start in range(0, 90, 10)]
    record = watch(teacher, video, *ranges, on_commit=django_capture_on_commit_callbacks)
    assert record.completed_at is not None and record.coverage == 0.9

    completed = lrs.statements(activity=video_iri(video.pk), verb=s.VERBS["completed"])
    assert len(completed) == 1
    ralph_video.VideoCompleted.model_validate(completed[0])
    assert completed[0]["result"]["completion"] is True
    assert completed[0]["result"]["extensions"][s.PROGRESS] == record.coverage
    assert completed[0]["result"]["extensions"][s.PLAYED_SEGMENTS] == "0.0[.]90.0"

    record = watch(teacher, video, (90, 100), on_commit=django_capture_on_commit_callbacks)
    assert len(lrs.statements(activity=video_iri(video.pk), verb=s.VERBS["completed"])) == 1
    played = lrs.statements(activity=video_iri(video.pk), verb=s.VERBS["played"])
    assert played[-1]["result"]["extensions"][s.PROGRESS] == record.coverage == 1.0


def test_nothing_is_sent_twice_when_the_tasks_run_again(lrs, video, django_capture_on_commit_callbacks):
    teacher = UserFactory(username="xapi-cy", email="cy@school.example.org")
    watch(teacher, video, (0, 10), (10, 20), on_commit=django_capture_on_commit_callbacks)
    before = lrs.statements(activity=video_iri(video.pk))
    rows = Outbox.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        xapi_viewing_record_task(teacher.pk, video.pk)  # the same record again: nothing new
    xapi_outbox_send_task()
    xapi_outbox_send_task()
    # Even a statement sent again (the LRS lost our answer) is stored once: it answers 204.
    Outbox.objects.update(status=Outbox.Status.PENDING)
    assert outbox_send().sent == rows

    after = lrs.statements(activity=video_iri(video.pk))
    assert Outbox.objects.count() == rows
    assert [st["id"] for st in after] == [st["id"] for st in before]


def test_nothing_is_queued_when_xapi_is_off(settings, video, django_capture_on_commit_callbacks):
    settings.PDSITE_XAPI_ENDPOINT = ""
    teacher = UserFactory(username="xapi-di", email="di@school.example.org")
    watch(teacher, video, (0, 10), on_commit=django_capture_on_commit_callbacks)
    assert xapi_viewing_record(user=teacher, video=video) == 0
    assert not Outbox.objects.exists()
    assert outbox_send().stopped == "xAPI is off"


def test_actor_is_the_school_account_when_configured(lrs, settings, video, django_capture_on_commit_callbacks):
    settings.PDSITE_XAPI_ACTOR = "account"
    settings.PDSITE_XAPI_ACCOUNT_HOMEPAGE = "https://school.example.org"
    teacher = UserFactory(username="xapi-ed", email="ed@school.example.org")
    watch(teacher, video, (0, 10), on_commit=django_capture_on_commit_callbacks)
    found = lrs.statements(activity=video_iri(video.pk))
    assert found
    assert {(st["actor"]["account"]["homePage"], st["actor"]["account"]["name"]) for st in found} == {
        ("https://school.example.org", "xapi-ed")
    }
    assert all("mbox" not in st["actor"] for st in found)


def test_a_refused_statement_fails_alone_when_the_rest_of_its_batch_is_good(lrs, settings, activity_base, db):
    settings.PDSITE_XAPI_BATCH_SIZE = 10
    good = _statements(activity_base, 3)
    # No actor: the LRS refuses it with a 4xx (an invalid mbox makes ralph 5.0 answer 500).
    bad = {key: value for key, value in good[0].items() if key != "actor"} | {"id": s.statement_id("bad", activity_base)}
    outbox_enqueue(items=[good[0], bad, good[1], good[2]])

    result = outbox_send()

    assert result.sent == 3 and result.failed == 1
    failed = Outbox.objects.get(status=Outbox.Status.FAILED)
    assert str(failed.statement_id) == bad["id"] and failed.last_error.startswith("HTTP 4")
    assert [st["id"] for st in lrs.statements(activity=f"{activity_base}/xapi/videos/1")] == [g["id"] for g in good]


def test_nothing_is_lost_and_order_is_kept_when_the_lrs_stops_and_starts_mid_run(tmp_path, settings, activity_base, db):
    lrs = PrivateLrs(tmp_path / "lrs")
    lrs.start()
    try:
        lrs.settings_for(settings)
        settings.PDSITE_XAPI_BATCH_SIZE = 2
        settings.PDSITE_XAPI_TIMEOUT_SECONDS = 2
        items = _statements(activity_base, 7)
        outbox_enqueue(items=items[:3])
        assert outbox_send(max_batches=1).sent == 2  # one batch out, the third still pending

        lrs.stop()
        outbox_enqueue(items=items[3:])
        down = outbox_send()
        assert down.sent == 0 and "not reachable" in down.stopped
        head = Outbox.objects.filter(status=Outbox.Status.PENDING).order_by("pk")
        assert [str(e.statement_id) for e in head] == [i["id"] for i in items[2:]]
        assert head[0].attempts == 1 and head[0].next_attempt_at > timezone.now()
        # Beat runs again within the backoff: the head waits, nothing overtakes it.
        assert outbox_send().stopped == "waiting for the retry backoff"
        assert outbox_backlog(now=timezone.now()).pending == 5

        lrs.start()
        later = timezone.now() + datetime.timedelta(hours=2)
        assert outbox_send(now=later).sent == 5
        stored = lrs.statements(activity=f"{activity_base}/xapi/videos/1")
        assert [st["id"] for st in stored] == [i["id"] for i in items]
        assert not Outbox.objects.exclude(status=Outbox.Status.SENT).exists()
    finally:
        lrs.stop()


def _statements(base: str, count: int) -> list[dict]:
    actor = s.actor_mbox(email="fay@school.example.org")
    video = s.video_activity(iri=f"{base}/xapi/videos/1", title="Clip")
    start = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
    return [
        s.video_played(
            actor=actor,
            video=video,
            intervals=[[0.0, 10.0 * (n + 1)]],
            duration=100,
            time=10.0 * (n + 1),
            timestamp=start + datetime.timedelta(seconds=n),
        )
        for n in range(count)
    ]


def test_a_done_pathway_step_arrives_as_completed_when_the_teacher_reflects(
    lrs, activity_base, db, django_capture_on_commit_callbacks
):
    from pdsite.pathways.models import PathwayStep
    from pdsite.pathways.services import enrolment_create, reflection_submit
    from tests.factories.pathways import PathwayStepFactory, days_ago

    teacher = UserFactory(username="xapi-gus", email="gus@school.example.org")
    step = PathwayStepFactory(kind=PathwayStep.Kind.REFLECTION, title="What did you notice?")
    enrolment_create(user=teacher, pathway=step.pathway, start_date=days_ago(3))
    with django_capture_on_commit_callbacks(execute=True):
        reflection_submit(user=teacher, step=step, text="Pupils used bar models unprompted.")
    with django_capture_on_commit_callbacks(execute=True):
        reflection_submit(user=teacher, step=step, text="Edited: and explained them.")  # no second statement

    step_iri = f"{activity_base}/xapi/pathways/{step.pathway_id}/steps/{step.pk}"
    found = lrs.statements(activity=step_iri)
    assert len(found) == 1
    assert found[0]["verb"]["id"] == s.VERBS["completed"]
    assert found[0]["context"]["contextActivities"]["parent"][0]["id"] == f"{activity_base}/xapi/pathways/{step.pathway_id}"


def test_the_backlog_gauge_counts_pending_statements_when_scraped(settings, activity_base, db):
    from pdsite.ops.metrics import exposition

    settings.PDSITE_XAPI_ENDPOINT = "http://127.0.0.1:9/xAPI"  # nobody listens: statements wait
    outbox_enqueue(items=_statements(activity_base, 3))
    text = exposition().decode()
    assert "pdsite_xapi_outbox_backlog 3.0" in text
    assert "pdsite_xapi_outbox_failed 0.0" in text


def test_a_module_arrives_as_completed_once_when_its_last_clip_is_completed(
    lrs, activity_base, clip_library, home_page, django_capture_on_commit_callbacks
):
    from pdsite.videos.models import Video
    from tests.factories.courses import ModuleIndexPageFactory, PDModulePageFactory, PDVideoPageFactory, clip_block

    clips = [
        PDVideoPageFactory(
            parent=clip_library, title=f"Clip {n}", slug=f"xapi-clip-{n}", video=VideoFactory(status=Video.Status.READY, duration=20.0)
        )
        for n in range(2)
    ]
    index = ModuleIndexPageFactory(parent=home_page, title="Modules", slug="modules")
    module = PDModulePageFactory(parent=index, title="Ratio module", slug="ratio", body=[clip_block(c) for c in clips])
    teacher = UserFactory(username="xapi-hal", email="hal@school.example.org")
    module_iri = f"{activity_base}/xapi/modules/{module.pk}"

    watch(teacher, clips[0].video, (0, 10), (10, 20), on_commit=django_capture_on_commit_callbacks)
    assert lrs.statements(activity=module_iri) == []
    watch(teacher, clips[1].video, (0, 10), (10, 20), on_commit=django_capture_on_commit_callbacks)
    watch(teacher, clips[0].video, (0, 20), on_commit=django_capture_on_commit_callbacks)  # nothing new

    found = lrs.statements(activity=module_iri)
    assert [st["verb"]["id"] for st in found] == [s.VERBS["completed"]]
    assert found[0]["object"]["definition"]["type"] == s.MODULE_ACTIVITY_TYPE


def test_the_command_requeues_refused_statements_and_sends_when_asked(lrs, activity_base, db):
    from io import StringIO

    from django.core.management import call_command

    outbox_enqueue(items=_statements(activity_base, 2))
    Outbox.objects.update(status=Outbox.Status.FAILED, last_error="HTTP 401: the LRS password was wrong")
    out = StringIO()
    call_command("send_xapi_statements", "--retry-failed", stdout=out)
    assert "Queued 2 refused statement(s) again." in out.getvalue()
    assert "Sent 2, refused 0; 0 pending, 0 refused in all." in out.getvalue()
    assert len(lrs.statements(activity=f"{activity_base}/xapi/videos/1")) == 2


def test_nothing_is_lost_or_doubled_when_the_lrs_dies_during_a_send(tmp_path, settings, activity_base, db):
    """The LRS is stopped (SIGTERM) from another thread while one run is sending, one statement
    per POST: the run stops, the rest wait; after a restart everything is there once, in order."""
    import threading

    lrs = PrivateLrs(tmp_path / "lrs")
    lrs.start()
    try:
        lrs.settings_for(settings)
        settings.PDSITE_XAPI_BATCH_SIZE = 1
        settings.PDSITE_XAPI_TIMEOUT_SECONDS = 2
        items = _statements(activity_base, 60)
        outbox_enqueue(items=items)
        log = tmp_path / "lrs" / "data" / "fs_lrs.jsonl"

        def stop_after_some_arrive():
            while not (log.exists() and log.read_text().count("\n") >= 10):
                threading.Event().wait(0.005)
            lrs.stop()

        killer = threading.Thread(target=stop_after_some_arrive)
        killer.start()
        during = outbox_send()
        killer.join(timeout=30)
        assert during.stopped and 10 <= during.sent < 60
        assert Outbox.objects.filter(status=Outbox.Status.PENDING).count() == 60 - during.sent

        lrs.start()
        assert outbox_send(now=timezone.now() + datetime.timedelta(hours=2)).sent == 60 - during.sent
        stored = lrs.statements(activity=f"{activity_base}/xapi/videos/1")
        assert [st["id"] for st in stored] == [i["id"] for i in items]
    finally:
        lrs.stop()

"""The player with real playback in Chromium, and an induction pathway journey: the ECT
plays, changes speed, seeks, resumes and completes a clip (the server judging what was
watched), hands in a reflection; their mentor confirms a meeting and comments. Axe on
every page."""

import datetime

import pytest
from django.core.files import File

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SENTENCES = [
    "Ratio tables show a multiplicative relationship.",
    "Each row is the same ratio, scaled.",
    "Pupils can scale up or down by any factor.",
    "A double number line shows the same idea.",
    "Ask which row is easiest to find first.",
    "Then find the row you need from it.",
    "This builds on place value and multiplication.",
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ect_plays_resumes_completes_and_mentor_comments(browser_ready, live_server, clip_library, tmp_path):
    from pdsite.pathways.models import PathwayStep
    from pdsite.pathways.services import induction_profile_save
    from pdsite.videos import services
    from pdsite.videos.pipeline.samples import make_sample_clip
    from pdsite.videos.pipeline.vtt import render_vtt
    from pdsite.videos.transcripts.services import transcript_import
    from tests.factories.pathways import PathwayFactory, PathwayStepFactory

    path = tmp_path / "ratio.mp4"
    cues = make_sample_clip(path, title="Ratio tables", sentences=SENTENCES, width=640, height=360)
    with open(path, "rb") as handle:
        video = services.video_create(title="Ratio tables", source=File(handle, name="ratio.mp4"))
    transcript_import(video=video, vtt_text=render_vtt(cues))
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    page = PDVideoPageFactory(
        parent=clip_library,
        title="Ratio tables and double number lines",
        slug="ratio-tables",
        video=video,
        chapters=[("chapter", {"start": 0, "title": "Ratio tables"}), ("chapter", {"start": 10, "title": "Double number lines"})],
    )

    pathway = PathwayFactory(title="ECT year 1: multiplicative reasoning", slug="ect-year-1", ect_year=1)
    PathwayStepFactory(pathway=pathway, kind=PathwayStep.Kind.WATCH, title="Watch: ratio tables", clip=page, sort_order=0, due_week=1)
    PathwayStepFactory(pathway=pathway, kind=PathwayStep.Kind.REFLECTION, title="Reflection and action plan",
                       instructions="What will you try, with which class, by when?", sort_order=1, due_week=2)
    PathwayStepFactory(pathway=pathway, kind=PathwayStep.Kind.MEETING, title="Mentor meeting", sort_order=2, due_week=3)
    ect = UserFactory(username="ect", first_name="Priya", last_name="Shah", groups=["Teachers"])
    mentor = UserFactory(username="mentor", first_name="Ruth", last_name="Okafor", groups=["Teachers"])
    induction_profile_save(user=ect, ect_year=1, start_date=datetime.date.today(), mentor=mentor)

    result = run_node(
        "player.mjs",
        {
            "BASE_URL": live_server.url,
            "PASSWORD": PASSWORD,
            "DURATION": str(video.duration),
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "player"),
        },
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "player: ok" in result.stdout
    from pdsite.pathways.models import StepProgress
    from pdsite.progress.models import ViewingRecord

    record = ViewingRecord.objects.get(user=ect, video=video)
    assert record.completed_at is not None and record.coverage >= 0.9
    assert StepProgress.objects.filter(enrolment__user=ect).count() == 3

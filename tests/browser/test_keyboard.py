"""Keyboard-only journeys at 320 CSS px (issue #18): a teacher finds a clip by search, plays it,
turns captions and audio description on, changes speed, comments and reaches My learning; a head of department
creates a workshop and reads its roster; a PD lead uploads a clip, captions it and submits its page for
moderation in the Wagtail admin. Focus visible and where expected; axe on every page."""

import json
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from pdsite.search import engine
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def run_phase(live_server, phase: str, **env: str) -> None:
    result = run_node("keyboard.mjs", {
        "BASE_URL": live_server.url, "PASSWORD": PASSWORD, "PHASE": phase,
        "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / f"keyboard-{phase}"), **env,
    })
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert f"keyboard-{phase}: ok" in result.stdout


@pytest.fixture
def own_moments_index(settings):
    """A moments index for this test alone (the live server runs in this process)."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.PDSITE_SEARCH_MOMENTS_ALIAS = f"{backend.get('INDEX_PREFIX', '')}{os.getpid()}_keyboard_moments"
    return engine.engine_config()


@pytest.mark.service
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_teacher_searches_plays_captions_speed_comments_by_keyboard(own_moments_index, browser_ready, live_server, video_page):
    from pdsite.departments.models import Role
    from pdsite.feedback.models import Comment
    from tests.factories.departments import MembershipFactory
    from tests.factories.users import UserFactory

    from pdsite.videos.descriptions.selectors import Description
    from pdsite.videos.descriptions.services import descriptions_save

    config = own_moments_index
    descriptions_save(video=video_page.video, language="en", cues=[Description(1, 2, "A bar model is drawn.")], user=None)
    teacher = UserFactory(username="teacher", groups=["Teachers"])
    MembershipFactory(user=teacher, role=Role.TEACHER)
    if config is not None:
        engine.refresh(config)
    try:
        run_phase(live_server, "teacher")
    finally:
        if config is not None:
            engine.drop(config)
    comment = Comment.objects.get(video=video_page.video)
    assert comment.author == teacher and "zero pairs" in comment.body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_head_of_department_creates_a_workshop_and_reads_the_roster_by_keyboard(browser_ready, live_server):
    from pdsite.departments.models import Role, Workshop
    from tests.factories.departments import DepartmentFactory, MembershipFactory
    from tests.factories.users import UserFactory

    maths = DepartmentFactory(name="Maths", slug="maths")
    MembershipFactory(department=maths, user=UserFactory(username="hod", first_name="Hana", last_name="Khan"), role=Role.HEAD)
    for first, last in [("Alice", "Adams"), ("Bob", "Brown")]:
        MembershipFactory(department=maths, user=UserFactory(username=first.lower(), first_name=first, last_name=last))
    # A day whose day and month are the same number: typed the same in dd/mm and mm/dd locales.
    starts = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=15, minute=30, second=0, microsecond=0)
    while starts.day != starts.month:
        starts += timedelta(days=1)
    run_phase(live_server, "hod", DEPARTMENT_NAME="Maths", ATTENDEES="Alice Adams|Bob Brown",
              STARTS_AT_KEYS=starts.strftime("%d%m%Y %H%M"))
    workshop = Workshop.objects.get(department=maths)
    assert workshop.title == "Equality and equivalence"
    assert timezone.localtime(workshop.starts_at).strftime("%d %m %Y %H:%M") == starts.strftime("%d %m %Y %H:%M")


@pytest.mark.service
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pd_lead_uploads_captions_and_submits_a_clip_by_keyboard(
    browser_ready, live_worker, live_server, clip_library, pd_lead, sample_clip
):
    """The upload is the real resumable one (S3 or local, as the settings say) and a live Celery
    worker makes the video Ready with ffmpeg; the PD lead never touches the mouse.

    Proves three fixes: after a video is picked in Wagtail's chooser focus lands on the chooser's
    "Change" button, not the page body; at 320 px the page editor's "Add comment" buttons are
    inside the window and not under the collapsed minimap, whose toggle is a 24 px target (both
    pdsite/home/static/home/admin-a11y.*); deleting the only cue in the transcript editor leaves
    focus on "Add a cue at the end" (videos/transcript_editor.js). Left to Wagtail, and accepted here: its modal
    focuses the dialog element itself (role=dialog, tabindex=-1), not its first control; waiting
    for Ready is a page reload (the library list does not refresh itself)."""
    from pdsite.courses.models import PDVideoPage
    from pdsite.videos.models import Transcript, Video

    clip, _ = sample_clip
    cues = [["0", "1.5", "Draw a bar model first."], ["1.5", "3", "Zero pairs cancel out."]]
    run_phase(live_server, "lead", USERNAME=pd_lead.username, CLIP_PATH=str(clip), VIDEO_TITLE="Bar models by keyboard",
              PAGE_TITLE="Bar models, typed", CUES_JSON=json.dumps(cues))
    video = Video.objects.get(title="Bar models by keyboard")
    assert video.status == Video.Status.READY, video.failure_reason
    transcript = Transcript.objects.get(video=video, language="en")
    assert list(transcript.segments.order_by("start").values_list("text", flat=True)) == [c[2] for c in cues]
    page = PDVideoPage.objects.get(title="Bar models, typed")
    assert page.video == video and not page.live
    assert page.get_parent().specific == clip_library
    assert page.workflow_in_progress and page.current_workflow_state.requested_by == pd_lead
    assert page.latest_revision.user == pd_lead

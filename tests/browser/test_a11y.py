"""The defects of issue #18's keyboard-and-320-px audit, each measured in Chromium (axe 0 too):
reflow at 320 CSS px, form errors tied to their fields, focus after each action, the player's
keyboard behaviour and captions, the Departments link, the site's focus style everywhere."""

import os

import pytest

from tests.browser.conftest import run_node
from tests.factories.courses import PDVideoPageFactory, UnitFactory
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser]

SENTENCES = [
    "Ratio tables show a multiplicative relationship.",
    "Each row is the same ratio, scaled.",
    "Pupils can scale up or down by any factor.",
    "A double number line shows the same idea.",
    "Ask which row is easiest to find first.",
]
LONG_UNIT = "Multiplicative reasoning with ratio tables and double number lines"


def run_phase(live_server, phase: str, **env: str) -> None:
    result = run_node("a11y.mjs", {"BASE_URL": live_server.url, "PASSWORD": PASSWORD, "PHASE": phase, **env})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert f"a11y-{phase}: ok" in result.stdout


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_clip_library_and_clip_page_fit_320_px_and_200_percent_zoom(browser_ready, live_server, clip_library):
    from pdsite.courses.models import BigIdea, EssencePrinciple

    UserFactory(username="teacher", groups=["Teachers"])
    units = [UnitFactory(title=LONG_UNIT, slug="ratio-long"), UnitFactory(title="Place value", slug="pv")]
    page = PDVideoPageFactory(
        parent=clip_library,
        title="Ratio tables",
        slug="ratio-tables",
        units=units,
        big_ideas=list(BigIdea.objects.all()[:2]),
        principles=list(EssencePrinciple.objects.order_by("-title")[:3]),
    )
    run_phase(live_server, "reflow", LIBRARY_PATH=clip_library.url, CLIP_PATH=page.url)


@pytest.fixture
def department(db):
    """A maths department with its head (hod) and two teachers."""
    from pdsite.departments.models import Role
    from tests.factories.departments import DepartmentFactory, MembershipFactory

    maths = DepartmentFactory(name="Maths", slug="maths")
    MembershipFactory(department=maths, user=UserFactory(username="hod", first_name="Hana", last_name="Khan"), role=Role.HEAD)
    MembershipFactory(department=maths, user=UserFactory(username="teacher", first_name="Tom", last_name="Evans"))
    MembershipFactory(department=maths, user=UserFactory(username="ann", first_name="Ann", last_name="Lee"))
    return maths


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_refused_workshop_and_assignment_forms_lead_to_their_fields(browser_ready, live_server, department):
    run_phase(live_server, "form_errors", DEPARTMENT_SLUG=department.slug)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_add_video_keeps_focus_after_each_action(browser_ready, live_server, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.PDSITE_UPLOAD_PART_BYTES = 1024**2
    UserFactory(username="pdlead", groups=["PD leads"])
    recording = tmp_path / "workshop.mp4"
    recording.write_bytes(os.urandom(8 * 1024**2))  # never finished: cancelled mid-way
    run_phase(live_server, "add_video", FILE_PATH=str(recording))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_departments_link_for_a_head_and_the_site_focus_style_everywhere(browser_ready, live_server, department):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from pdsite.departments import services
    from pdsite.departments.models import Workshop

    hod = department.memberships.get(user__username="hod").user
    workshop = services.workshop_create(
        department=department,
        created_by=hod,
        data=services.WorkshopData(
            title="Equality and equivalence", kind=Workshop.Kind.DEPARTMENTAL,
            starts_at=timezone.now() + timedelta(days=3),
            facilitator=hod, attendees=[m.user for m in department.memberships.exclude(user=hod)],
        ),
    )
    path = reverse("departments:workshop", args=[department.slug, workshop.pk])
    run_phase(live_server, "nav_focus", DEPARTMENT_SLUG=department.slug, WORKSHOP_PATH=path)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_player_by_keyboard_at_320_px(browser_ready, live_server, clip_library, tmp_path):
    from django.core.files import File

    from pdsite.progress.models import ViewingRecord
    from pdsite.videos import services
    from pdsite.videos.pipeline.samples import make_sample_clip
    from pdsite.videos.pipeline.vtt import render_vtt
    from pdsite.videos.transcripts.services import transcript_import
    from tests.support.progress import watch

    path = tmp_path / "ratio.mp4"
    cues = make_sample_clip(path, title="Ratio", sentences=SENTENCES, width=320, height=180)
    with open(path, "rb") as handle:
        video = services.video_create(title="Ratio tables", source=File(handle, name="ratio.mp4"))
    transcript_import(video=video, vtt_text=render_vtt(cues))
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    page = PDVideoPageFactory(parent=clip_library, title="Ratio tables", slug="ratio-tables", video=video)
    teacher = UserFactory(username="teacher", groups=["Teachers"])
    halfway = round(video.duration / 2)
    watch(teacher, video, (0, halfway))
    ViewingRecord.objects.filter(user=teacher, video=video).update(last_position=halfway)
    run_phase(live_server, "player", CLIP_PATH=page.url, RESUME_AT=str(halfway))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_glides_when_reduced_motion_is_asked_for(browser_ready, live_server, clip_library):
    UserFactory(username="pdlead", groups=["PD leads"])
    run_phase(live_server, "reduced_motion", LIBRARY_PATH=clip_library.url)

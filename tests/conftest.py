"""Shared fixtures. Factories live in tests/factories; heavy media is generated once per session."""

import os
from pathlib import Path

import pytest

from tests.factories.users import UserFactory

IN_CI = os.environ.get("CI") == "true"


def require_service(variable: str, what: str) -> None:
    """Skip locally when a service is not configured; under CI=true that is a failure."""
    if os.environ.get(variable):
        return
    message = f"{what} is not configured ({variable} is unset); run `make services`."
    pytest.fail(message) if IN_CI else pytest.skip(message)


@pytest.fixture(scope="session")
def _search_indexes(django_db_setup, django_db_blocker):
    """Fresh search-engine indexes with their mappings, once per run (an atomic rebuild)."""
    if not os.environ.get("PDSITE_SEARCH_URL"):
        return
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("update_index", verbosity=0)


@pytest.fixture(autouse=True)
def _search_indexes_for_db_tests(request):
    """Build the search indexes before the first test that touches the database."""
    if "_django_db_helper" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_search_indexes")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Local-disk storage writes into a per-test folder, never into the repo's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def home_page(db):
    from pdsite.home.models import HomePage

    return HomePage.objects.get()


def publish(parent, page):
    """Add `page` under `parent` and publish it, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def unit(db):
    from tests.factories.courses import UnitFactory

    return UnitFactory(title="Sequences", slug="y7-sequences", block__title="Algebraic thinking")


@pytest.fixture
def curriculum_index(home_page):
    from pdsite.courses.models import CurriculumIndexPage

    return publish(home_page, CurriculumIndexPage(title="Curriculum", slug="curriculum"))


@pytest.fixture
def unit_page(curriculum_index, unit):
    from pdsite.courses.models import UnitPage

    return publish(curriculum_index, UnitPage(title="Year 7 · Sequences", slug="sequences", unit=unit))


@pytest.fixture
def clip_library(home_page):
    from pdsite.courses.models import ClipLibraryPage

    return publish(home_page, ClipLibraryPage(title="Clip library", slug="clips"))


@pytest.fixture
def teacher(db):
    return UserFactory(username="teacher", groups=["Teachers"])


@pytest.fixture
def pd_lead(db):
    return UserFactory(username="pdlead", groups=["PD leads"])


@pytest.fixture(scope="session")
def sample_clip(tmp_path_factory) -> tuple[Path, list]:
    """A real 3-sentence clip with speech, generated once: (mp4 path, cues)."""
    from pdsite.videos.pipeline.samples import make_sample_clip

    path = tmp_path_factory.mktemp("clips") / "sample.mp4"
    cues = make_sample_clip(
        path,
        title="Bar models",
        sentences=["Draw a bar model first.", "Zero pairs cancel out.", "The nth term tells you any term."],
        width=640,
        height=360,
    )
    return path, cues


@pytest.fixture
def ready_video(db, sample_clip, django_capture_on_commit_callbacks):
    """A video that went through the real pipeline (ffmpeg, storage) and is READY, with captions."""
    from django.core.files import File

    from pdsite.videos import services
    from pdsite.videos.pipeline.vtt import render_vtt
    from pdsite.videos.transcripts.services import transcript_import

    path, cues = sample_clip
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as handle:
        video = services.video_create(title="Bar models", source=File(handle, name="sample.mp4"))
        transcript_import(video=video, vtt_text=render_vtt(cues))
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    return video


@pytest.fixture
def video_page(clip_library, unit, ready_video):
    from pdsite.courses.models import PDVideoPage

    page = PDVideoPage(title="Bar models in Year 7", slug="bar-models", video=ready_video)
    page.units = [unit]
    return publish(clip_library, page)


def pytest_collection_modifyitems(config, items):
    """Every transactional test must also use serialized_rollback.

    A transactional test without it flushes the database and re-runs post_migrate, which
    recreates content types; the next serialized_rollback test then restores them a second
    time and fails on a duplicate key (that is how the seed and live-worker tests broke).
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, serialized_rollback=True)"
            )

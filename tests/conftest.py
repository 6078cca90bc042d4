"""Shared fixtures: the Wagtail tree and its sections, people, signed-in clients, real media
and a live Celery worker. Factories live in tests/factories; heavy media is made once per session.
"""

import os
from pathlib import Path

import pytest
from django.test import Client

from tests.factories.courses import (
    ClipLibraryPageFactory,
    CurriculumIndexPageFactory,
    PDVideoPageFactory,
    UnitFactory,
    UnitPageFactory,
)
from tests.factories.pages import publish  # noqa: F401  (imported from here by older test modules)
from tests.factories.users import UserFactory
from tests.support.services import IN_CI, require_service  # noqa: F401  (likewise)
from tests.support.workers import WorkerConfig, running_worker


@pytest.fixture(scope="session", autouse=True)
def _own_bucket():
    """Under pytest-xdist each worker stores into its own S3 bucket (pdsite/settings/test.py):
    make it on the S3 server once, at the worker's start."""
    if not os.environ.get("PDSITE_TEST_XDIST_WORKER") or not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        return
    from django.core.files.storage import default_storage

    client = default_storage.connection.meta.client
    try:
        client.head_bucket(Bucket=default_storage.bucket_name)
    except client.exceptions.ClientError:
        client.create_bucket(Bucket=default_storage.bucket_name)


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


@pytest.fixture
def unit(db):
    return UnitFactory(title="Sequences", slug="y7-sequences", block__title="Algebraic thinking")


@pytest.fixture
def curriculum_index(home_page):
    return CurriculumIndexPageFactory(parent=home_page)


@pytest.fixture
def unit_page(curriculum_index, unit):
    return UnitPageFactory(parent=curriculum_index, unit=unit, title="Year 7 · Sequences", slug="sequences")


@pytest.fixture
def clip_library(home_page):
    return ClipLibraryPageFactory(parent=home_page)


@pytest.fixture
def teacher(db):
    return UserFactory(username="teacher", groups=["Teachers"])


@pytest.fixture
def pd_lead(db):
    return UserFactory(username="pdlead", groups=["PD leads"])


@pytest.fixture
def sign_in(client):
    """`sign_in(user)`: the test client, signed in as `user` (the one way tests sign in).

    `enforce_csrf=True` gives a new client that checks CSRF as a browser's requests are checked.
    """

    def sign_in(user, *, enforce_csrf: bool = False) -> Client:
        signed = Client(enforce_csrf_checks=True) if enforce_csrf else client
        signed.force_login(user)
        return signed

    return sign_in


@pytest.fixture
def signed_in(sign_in, teacher):
    """The test client, signed in as `teacher`."""
    return sign_in(teacher)


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
    return PDVideoPageFactory(
        parent=clip_library, title="Bar models in Year 7", slug="bar-models", video=ready_video, units=[unit]
    )


@pytest.fixture
def worker_config() -> WorkerConfig:
    """What `live_worker` runs: every queue, as in production. Override in a module to change it."""
    return WorkerConfig()


@pytest.fixture
def live_worker(transactional_db, worker_config):
    """A real Celery worker process on the real broker, using this test's database.

    Tasks queued by the test or the live server travel through the broker to it, as in
    production (see tests/support/workers.py).
    """
    with running_worker(worker_config) as worker:
        yield worker


# The longest tests (minutes each in `--durations`), started first in their group so none of
# them is left running alone at the end of a parallel run (issue #17).
LONGEST_FIRST = (
    "tests/home/test_seed_demo.py::test_full_seed",
    "tests/videos/test_worker_recovery.py",
    "tests/test_benchmarks.py",
    "tests/search/test_embedded_default.py",
    "tests/test_migrations_move.py",
    "tests/browser/test_journey.py",
    "tests/browser/test_browse.py",
    "tests/home/test_seed_demo.py",
    "tests/browser/test_workgroups.py",
    "tests/search/test_engine_cluster.py",
)


def _uses_the_database(item) -> tuple[bool, bool]:
    """(uses it, transactionally), as pytest-django decides when it orders the tests."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool({"live_server", "transactional_db"} & fixtures)
    return bool(marker) or "db" in fixtures or transactional, transactional


def _run_order(item) -> tuple[int, int]:
    """Where a test runs: tests without a database may run any time, so the long ones go first
    of all; then the database tests pytest-django runs before the transactional ones (those
    flush the database, so none may come after them in a worker); then the transactional and
    the other database-free tests, the long and the media ones (`slow`) first. Under
    `--dist load` (scripts/test.sh) tests are handed out in this order as workers free up."""
    uses_db, transactional = _uses_the_database(item)
    rank = next((i for i, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)), len(LONGEST_FIRST))
    if not uses_db and rank < len(LONGEST_FIRST):
        return 0, rank
    if uses_db and not transactional:
        return 1, 0
    return 2, rank if rank < len(LONGEST_FIRST) else len(LONGEST_FIRST) + (0 if item.get_closest_marker("slow") else 1)


def pytest_collection_modifyitems(config, items):
    """Every transactional test must also use serialized_rollback; then the run order (`_run_order`).

    A transactional test without it flushes the database and re-runs post_migrate, which
    recreates content types; the next serialized_rollback test then restores them a second
    time and fails on a duplicate key (that is how the seed and live-worker tests broke).
    pytest-django runs the transactional tests after the others, which find the migrated data.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        # `live_server` and `transactional_db` flush the database as `transaction=True` does.
        transactional = (marker and marker.kwargs.get("transaction")) or {"live_server", "transactional_db"} & set(
            getattr(item, "fixturenames", ())
        )
        if transactional and not (marker and marker.kwargs.get("serialized_rollback")):
            raise pytest.UsageError(
                f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, serialized_rollback=True)"
            )
    items.sort(key=_run_order)  # stable: pytest-django's order is kept within each place


def pytest_configure(config):
    """Migrate one PostgreSQL template before any test database is made: each test database
    (one per pytest-xdist worker) is then a copy, made in a second, instead of a migration
    that takes most of a minute. The template is the benchmarks' (benchmarks/_migrated.py),
    kept on the server while the migrations stay the same.

    Runs in the process that starts the run (not again in each pytest-xdist worker); the
    workers inherit its name through the environment.
    """
    from django.conf import settings

    if hasattr(config, "workerinput") or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    from benchmarks._migrated import migrated_template

    os.environ["PDSITE_TEST_DB_TEMPLATE"] = migrated_template(os.environ["DATABASE_URL"])


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Each test database is a copy of the migrated template, when there is one (pytest_configure)."""
    from django.db import connections

    template = os.environ.get("PDSITE_TEST_DB_TEMPLATE")
    if template:
        connections["default"].settings_dict["TEST"]["TEMPLATE"] = template

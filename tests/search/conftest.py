import os

import pytest

from tests.conftest import require_service


@pytest.fixture
def moments_index(db, settings):
    """A moments index of this test's own, dropped afterwards (only when an engine is configured)."""
    from pdsite.search import engine

    backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    # Only the moments alias is this test's own: Wagtail's page indexes stay shared.
    settings.PDSITE_SEARCH_MOMENTS_ALIAS = f"{backend.get('INDEX_PREFIX', 'pdsite_test_')}{os.getpid()}_moments"
    config = engine.engine_config()
    yield config
    if config is not None:
        try:
            engine.drop(config)
        except engine.engine_errors():
            pass


@pytest.fixture
def needs_engine(moments_index):
    require_service("PDSITE_SEARCH_URL", "The search engine")
    return moments_index


@pytest.fixture
def demo_library(moments_index, clip_library, django_capture_on_commit_callbacks):
    from pdsite.search import engine
    from tests.factories.search import build_demo_library

    with django_capture_on_commit_callbacks(execute=True):
        pages = build_demo_library(clip_library)
    if moments_index is not None:
        engine.refresh(moments_index)
    return pages


@pytest.fixture
def engine_down(settings, moments_index):
    """The engine's address answers nothing (port 9 on loopback is closed)."""
    require_service("PDSITE_SEARCH_URL", "The search engine")
    backend = dict(settings.WAGTAILSEARCH_BACKENDS["default"], URLS=["http://127.0.0.1:9"], TIMEOUT=2)
    settings.WAGTAILSEARCH_BACKENDS = {"default": backend}
    return backend


@pytest.fixture(params=["engine", "database"])
def search_backend(request, settings, moments_index):
    """Each test twice: on the search engine, and on the database fallback of the test database
    (PostgreSQL under `make test`, SQLite FTS5 in the embedded-default child run of
    test_backends_sqlite.py, which selects the `database` ones)."""
    if request.param == "engine":
        require_service("PDSITE_SEARCH_URL", "The search engine")
    else:
        settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    return request.param


@pytest.fixture
def make_clip(clip_library, moments_index, django_capture_on_commit_callbacks):
    """make_clip(slug, vtt_text): a live clip page whose transcript is `vtt_text`, indexed."""
    from pdsite.search import engine
    from pdsite.videos.transcripts import services
    from tests.factories.courses import PDVideoPageFactory

    def make_clip(slug: str, vtt_text: str):
        page = PDVideoPageFactory(parent=clip_library, title=slug.replace("-", " ").capitalize(), slug=slug)
        with django_capture_on_commit_callbacks(execute=True):
            services.transcript_import(video=page.video, vtt_text=vtt_text)
        if engine.engine_config() is not None:
            engine.refresh(engine.engine_config())
        return page

    return make_clip

"""Search in Chromium: "zero pairs" → results by clip with facets → moment → player at that second."""

import os

import pytest

from pdsite.search import engine
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.service]


@pytest.fixture
def own_moments_index(settings):
    """A moments index for this test alone (the live server runs in this process)."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.PDSITE_SEARCH_MOMENTS_ALIAS = f"{backend.get('INDEX_PREFIX', '')}{os.getpid()}_browser_moments"
    return engine.engine_config()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_teacher_finds_zero_pairs_and_lands_at_that_second(
    own_moments_index, browser_ready, live_server, video_page, sample_clip, teacher
):
    config = own_moments_index
    if config is not None:
        engine.refresh(config)
    _, cues = sample_clip
    zero_pairs = next(cue for cue in cues if "Zero pairs" in cue.text)
    try:
        result = run_node(
            "search.mjs",
            {
                "BASE_URL": live_server.url,
                "CLIP_TITLE": video_page.title,
                "TEACHER_USERNAME": teacher.username,
                "PASSWORD": PASSWORD,
                "EXPECTED_SECOND": str(int(zero_pairs.start)),
                "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "search"),
            },
        )
    finally:
        if config is not None:
            engine.drop(config)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "search: ok" in result.stdout

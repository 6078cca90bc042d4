"""The walking skeleton's journey through every real layer, in Chromium."""

import pytest

from pdsite.videos.pipeline.vtt import render_vtt
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.courses import ClipLibraryPageFactory, CurriculumIndexPageFactory, UnitFactory, UnitPageFactory
from tests.factories.users import PASSWORD, UserFactory
from tests.support.services import require_service

pytestmark = [pytest.mark.browser, pytest.mark.service, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pd_lead_publishes_and_teacher_watches_searches_and_lands_on_the_second(
    browser_ready, live_worker, live_server, sample_clip, tmp_path
):
    require_service("PDSITE_SEARCH_URL", "The search engine")
    clip, cues = sample_clip
    captions = tmp_path / "captions.vtt"
    captions.write_text(render_vtt(cues))
    target = cues[2]  # "The nth term tells you any term."
    unit = UnitFactory(title="Straight line graphs", slug="y9-straight-line-graphs", block__year__number=9)
    curriculum = CurriculumIndexPageFactory()
    UnitPageFactory(parent=curriculum, title="Year 9 · Straight line graphs", slug="straight-line-graphs", unit=unit)
    library = ClipLibraryPageFactory()
    UserFactory(username="pdlead", groups=["PD leads"])
    UserFactory(username="reviewer", groups=["Reviewers"])
    UserFactory(username="teacher", groups=["Teachers"])

    result = run_node(
        "journey.mjs",
        {
            "BASE_URL": live_server.url,
            "CLIP_LIBRARY_ID": str(library.pk),
            "UNIT_TITLE": "Straight line graphs",
            "CLIP_PATH": str(clip),
            "CAPTIONS_PATH": str(captions),
            "SEARCH_PHRASE": "nth term",
            "EXPECTED_SECOND": str(int(target.start)),
            "PD_LEAD_USERNAME": "pdlead",
            "TEACHER_USERNAME": "teacher",
            "REVIEWER_USERNAME": "reviewer",
            "PASSWORD": PASSWORD,
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "journey"),
        },
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "journey: ok" in result.stdout

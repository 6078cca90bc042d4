"""Leaving a clip for My learning (issue #19, item 12): a teacher plays a real clip a few
seconds in Chromium and clicks "My learning"; that very page load lists the clip with its
progress, because the player's last report is recorded before the browser leaves. Axe on both
pages."""

import pytest
from django.core.files import File

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_my_learning_lists_the_clip_just_left_when_the_teacher_clicks_my_learning(
    browser_ready, live_server, clip_library, tmp_path
):
    from pdsite.progress.models import ViewingRecord
    from pdsite.videos import services
    from pdsite.videos.pipeline.samples import make_silent_clip

    path = make_silent_clip(tmp_path / "tone.mp4", seconds=30)
    with open(path, "rb") as handle:
        video = services.video_create(title="Fraction walls", source=File(handle, name="tone.mp4"))
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    page = PDVideoPageFactory(parent=clip_library, title="Fraction walls in Year 7", slug="fraction-walls", video=video)
    teacher = UserFactory(username="teacher", first_name="Tom", last_name="Evans", groups=["Teachers"])

    result = run_node(
        "leave_clip.mjs",
        {
            "BASE_URL": live_server.url,
            "PASSWORD": PASSWORD,
            "CLIP_PATH": page.url,
            "CLIP_TITLE": "Fraction walls in Year 7",
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "leave-clip"),
        },
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "leave-clip: ok" in result.stdout
    record = ViewingRecord.objects.get(user=teacher, video=video)
    assert record.watched_seconds >= 3 and record.completed_at is None

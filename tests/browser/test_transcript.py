"""The interactive transcript and the transcript editor, in Chromium (with axe)."""

import pytest
from django.urls import reverse

from pdsite.videos.models import Transcript
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_transcript_click_seeks_and_editor_save_changes_the_captions(
    browser_ready, live_server, video_page, pd_lead, teacher, sample_clip
):
    _, cues = sample_clip
    # Start from a draft, as speech recognition leaves it, so the approve button is there.
    Transcript.objects.filter(video=video_page.video).update(status=Transcript.Status.DRAFT)
    result = run_node(
        "transcript.mjs",
        {
            "BASE_URL": live_server.url,
            "CLIP_PATH": video_page.url,
            "EDITOR_PATH": reverse("videos_transcripts:edit", args=[video_page.video.pk, "en"]),
            "CAPTIONS_PATH": reverse("videos:captions", args=[video_page.video.pk, "en"]),
            "SEEK_TO": str(cues[2].start),
            "PD_LEAD_USERNAME": pd_lead.username,
            "TEACHER_USERNAME": teacher.username,
            "PASSWORD": PASSWORD,
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "transcript"),
        },
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "transcript: ok" in result.stdout
    transcript = Transcript.objects.get(video=video_page.video)
    assert transcript.status == Transcript.Status.APPROVED
    assert "Counters make zero when they pair up." in transcript.segments.values_list("text", flat=True)

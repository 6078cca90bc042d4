"""Audio description in Chromium (issue #18): a PD lead writes two description cues in the
admin editor (the second "needs a pause"); a teacher turns Audio description on, picks a voice
and a speed, and plays the clip: Chromium speaks each cue through a real speech-dispatcher
(espeak-ng), the speech start and end events are observed, the video pauses for the extended
cue and resumes when its speech ends, the live region carries the text. Axe on every page."""

import pytest

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_descriptions_are_written_then_spoken_with_a_pause_for_the_extended_cue(
    browser_ready, speech, live_server, video_page
):
    from pdsite.videos.models import DescriptionCue

    UserFactory(username="ad-lead", groups=["PD leads"])
    UserFactory(username="ad-teacher", groups=["Teachers"])
    result = run_node(
        "audio_description.mjs",
        {
            **speech,
            "BASE_URL": live_server.url,
            "PASSWORD": PASSWORD,
            "VIDEO_ID": str(video_page.video.pk),
            "CLIP_PATH": video_page.url,
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "audio_description"),
        },
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "audio_description: ok" in result.stdout
    cues = list(DescriptionCue.objects.filter(track__video=video_page.video).values_list("text", "extended"))
    assert cues == [("A bar is drawn and split into three equal parts.", False), ("Two of the parts are shaded.", True)]

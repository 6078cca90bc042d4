"""Caption languages in Chromium (issue #18): a clip with English and Welsh captions and an
audio description in each. The teacher chooses Cymraeg in the player: the captions drawn under
the picture, the transcript panel and the audio description follow; `?lang=cy` (a search hit in
Welsh) opens the clip in Welsh. Axe on every state, by keyboard at 320 px."""

import pytest

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WELSH = ["Tynnwch fodel bar yn gyntaf.", "Mae parau sero yn canslo.", "Mae'r nfed term yn rhoi unrhyw derm."]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_choosing_cymraeg_switches_captions_transcript_and_description(browser_ready, live_server, video_page, sample_clip):
    from pdsite.videos.descriptions.selectors import Description
    from pdsite.videos.descriptions.services import descriptions_save
    from pdsite.videos.pipeline.vtt import Cue, render_vtt
    from pdsite.videos.transcripts.services import transcript_import

    _, cues = sample_clip
    video = video_page.video
    welsh = [Cue(start=c.start, end=c.end, text=text) for c, text in zip(cues, WELSH)]
    transcript_import(video=video, vtt_text=render_vtt(welsh), language="cy")
    descriptions_save(video=video, language="en", cues=[Description(0.2, 0.8, "A bar model is drawn.")], user=None)
    descriptions_save(video=video, language="cy", cues=[Description(0.2, 0.8, "Mae model bar yn cael ei dynnu.")], user=None)
    UserFactory(username="cy-teacher", groups=["Teachers"])
    result = run_node("caption_languages.mjs", {
        "BASE_URL": live_server.url, "PASSWORD": PASSWORD, "CLIP_PATH": video_page.url,
        "WELSH_FIRST": WELSH[0], "ENGLISH_FIRST": cues[0].text,
        "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "caption_languages"),
    })
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "caption_languages: ok" in result.stdout

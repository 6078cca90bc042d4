"""Described audio in Chromium (issue #18): a PD lead uploads a described audio track (espeak-ng)
for a real transcoded clip in the admin; a teacher's player offers "Audio track: Described",
and choosing it makes hls.js switch to the described rendition (its playlist and segments are
fetched) while playback goes on. Axe on every page."""

import pytest
from django.core.files import File

from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SENTENCES = [
    "A bar model shows the whole and its parts.",
    "Here the whole is split into three equal parts.",
    "One part is one third of the whole.",
    "Pupils label each part before they calculate.",
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_described_audio_is_uploaded_offered_and_played_through_hls_js(
    browser_ready, live_server, clip_library, tmp_path
):
    from pdsite.videos import services
    from pdsite.videos.models import DescribedAudio
    from pdsite.videos.pipeline.samples import make_described_audio, make_sample_clip

    path = tmp_path / "bar-models.mp4"
    make_sample_clip(path, title="Bar models", sentences=SENTENCES, width=640, height=360)
    with open(path, "rb") as handle:
        video = services.video_create(title="Bar models", source=File(handle, name="bar-models.mp4"))
    video.refresh_from_db()
    assert video.is_ready, video.failure_reason
    described = make_described_audio(
        tmp_path / "bar-models-described.wav",
        description="On the board, a long bar is drawn and split into three equal parts. One part is shaded.",
        seconds=video.duration,
    )
    clip = PDVideoPageFactory(parent=clip_library, title="Bar models in three parts", slug="bar-models", video=video)
    UserFactory(username="described-lead", groups=["PD leads"])
    UserFactory(username="described-teacher", groups=["Teachers"])

    result = run_node(
        "described_audio.mjs",
        {
            "BASE_URL": live_server.url,
            "PASSWORD": PASSWORD,
            "VIDEO_ID": str(video.pk),
            "CLIP_PATH": clip.url,
            "AUDIO_FILE": str(described),
            "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "described_audio"),
        },
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "described_audio: ok" in result.stdout
    track = DescribedAudio.objects.get(video=video)
    assert track.status == DescribedAudio.Status.READY and track.uploaded_by.username == "described-lead"

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from pdsite.courses.models import PDVideoPage, UnitPage
from pdsite.videos.models import TranscriptSegment, Video

pytestmark = pytest.mark.slow


def _counts() -> dict[str, int]:
    return {
        "users": get_user_model().objects.count(),
        "units": UnitPage.objects.count(),
        "clips": PDVideoPage.objects.live().count(),
        "videos": Video.objects.count(),
        "segments": TranscriptSegment.objects.count(),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seed_creates_a_playable_captioned_clip_and_logins_once():
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    assert first["units"] == 1 and first["clips"] == 1 and first["videos"] == 1 and first["users"] == 3
    assert first["segments"] >= 3
    assert Video.objects.get().status == Video.Status.READY
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first

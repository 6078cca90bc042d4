"""Fixtures for the xAPI tests: the LRS `make services` runs, pdsite's xAPI settings pointed at
it, and a ready 100-second video."""

import uuid

import pytest

from pdsite.videos.models import Video
from tests.factories.videos import VideoFactory
from tests.support.lrs import lrs_from_services


@pytest.fixture
def activity_base(settings):
    # The shared LRS keeps every run's statements, and ids derive from the activity IRIs:
    # a base of this test's own keeps its statements apart from every earlier run's.
    settings.PDSITE_XAPI_ACTIVITY_BASE = f"https://pd-{uuid.uuid4().hex[:12]}.example.org"
    return settings.PDSITE_XAPI_ACTIVITY_BASE


@pytest.fixture
def lrs(settings, activity_base):
    lrs = lrs_from_services()
    lrs.settings_for(settings)
    settings.PDSITE_XAPI_ACTOR = "mbox"
    return lrs


@pytest.fixture
def video(db):
    return VideoFactory(status=Video.Status.READY, duration=100.0, title="Bar models in Year 7")

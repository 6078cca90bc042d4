"""The demo seed: what `make run` loads. Real clips, real transcodes, real commits."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from pdsite.courses.models import BigIdea, EssencePrinciple, PDModulePage, PDVideoPage, Unit, UnitPage
from pdsite.pathways.models import PathwayStep
from pdsite.videos.models import TranscriptSegment, Video

pytestmark = pytest.mark.slow


def _counts() -> dict[str, int]:
    return {
        "users": get_user_model().objects.count(),
        "big_ideas": BigIdea.objects.count(),
        "principles": EssencePrinciple.objects.count(),
        "units": Unit.objects.count(),
        "unit_pages": UnitPage.objects.count(),
        "clips": PDVideoPage.objects.count(),
        "live_clips": PDVideoPage.objects.live().count(),
        "modules": PDModulePage.objects.count(),
        "videos": Video.objects.count(),
        "segments": TranscriptSegment.objects.count(),
        "pathway_steps": PathwayStep.objects.count(),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_small_seed_makes_playable_captioned_clips_once():
    call_command("seed_demo", "--small", stdout=io.StringIO(), stderr=io.StringIO())
    first = _counts()
    assert first["big_ideas"] == 5 and first["principles"] == 10
    assert first["unit_pages"] == 3 and first["live_clips"] == 3 and first["modules"] == 2
    # 4 role logins + ECT, second-year ECT, mentor, induction tutor (pathways) + head of department,
    # + 2 Work Group facilitators and 3 other schools' pairs (workgroups)
    assert first["users"] == 9 + 8
    from pdsite.pathways.models import Enrolment, Pathway

    assert set(Pathway.objects.values_list("ect_year", flat=True)) == {1, 2}
    assert set(Enrolment.objects.values_list("user__username", "pathway__ect_year")) == {("ect", 1), ("ect2", 2)}
    # --small seeds only unit 1's clip: pathway B keeps it; A's task, meeting and reflections stay.
    assert Pathway.objects.get(ect_year=2).steps.filter(kind="watch").count() == 1
    assert Pathway.objects.get(ect_year=1).steps.count() == 5
    assert not Video.objects.exclude(status=Video.Status.READY).exists()
    assert first["segments"] >= 3 * 4
    call_command("seed_demo", "--small", stdout=io.StringIO(), stderr=io.StringIO())
    assert _counts() == first


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_full_seed_has_twelve_units_with_published_clips_and_a_rerun_adds_nothing():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    first = _counts()
    assert first["big_ideas"] == 5 and first["principles"] == 10
    units_with_clips = Unit.objects.filter(clips__live=True).distinct().count()
    assert units_with_clips >= 12
    assert first["live_clips"] >= 24
    # Three clips whose picture carries meaning, published because they are described (issue #18).
    described = PDVideoPage.objects.filter(picture_carries_meaning=True, live=True)
    assert described.count() == 3 and all(page.video.has_descriptions for page in described)
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert _counts() == first

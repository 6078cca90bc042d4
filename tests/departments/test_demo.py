import io

import pytest

from pdsite.departments.demo import seed as seed_departments
from pdsite.departments.models import Membership, Workshop

from .conftest import make_clip

pytestmark = pytest.mark.django_db


def test_seed_makes_the_equality_workshop_with_two_pre_viewing_clips_once_when_run_twice(clip_library):
    make_clip(clip_library, "Equals is not 'the answer is'", "equals-is-not-the-answer-is")
    make_clip(clip_library, "Like terms with algebra tiles", "like-terms-with-algebra-tiles")
    out = io.StringIO()
    workshop = seed_departments(stdout=out)
    seed_departments()
    assert Workshop.objects.count() == 1
    assert workshop.pre_viewing.count() == 2
    assert workshop.agenda_minutes == 60
    assert workshop.attendee_rows.count() == 6  # every member but the head of department, who facilitates
    assert Membership.objects.get(user__username="hod").role == "head"
    assert "hod-demo-pass" in out.getvalue()

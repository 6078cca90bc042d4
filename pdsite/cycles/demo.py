"""Seed the cycles part of the demo (issue #14, "Demo seed"): one lesson-study cycle in the demo
department, led by `ect` with `mentor` in its group (`teacher` is not in it, so sees nothing of
it), its first step done.

Idempotent: looked up by department and title. Runs after the departments seed. With
`recording` (the ect's demo recording, made by the lessons seed), it is attached to the teach
step, so its deletion date follows the cycle's end. seed_demo calls it at merge (see the lead's
note): `cycles_demo.seed(recording=...)` after the lessons seed.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from pdsite.departments.models import Department

from . import services
from .models import Cycle
from .templates import Kind

DEPARTMENT = "northfield-maths"
TITLE = "Y8 ratio tables: sharing from the whole"
FOCUS = "Do ratio tables help pupils share an amount when they are given the whole rather than one part?"


def seed(*, recording=None) -> Cycle | None:
    """Make the demo cycle if it is missing (None when the demo department or people are not
    there yet); attach `recording` to its teach step if that has none."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["ect", "mentor"])}
    department = Department.objects.filter(slug=DEPARTMENT).first()
    if department is None or len(users) < 2:
        return None
    with transaction.atomic():
        cycle = Cycle.objects.filter(department=department, title=TITLE).first()
        if cycle is None:
            cycle = services.cycle_create(
                department=department, kind=Kind.LESSON_STUDY, title=TITLE, by=users["ect"],
                research_focus=FOCUS, participants=[users["mentor"]],
            )
            first = cycle.steps.select_related("cycle").get(order=1)
            services.step_complete(step=first, by=users["ect"])
        teach = cycle.steps.select_related("cycle", "recording").get(kind="teach")
        if recording is not None and teach.recording is None and cycle.is_open:
            services.cycle_attach_recording(step=teach, recording=recording, by=recording.owner)
    return cycle

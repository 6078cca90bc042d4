"""The "cycle" share audience: a lesson recording shared with a cycle is shared with its group
(the lesson-study group, the TRG, the ECT and mentor), as it is at each moment: someone who
joins the group sees it, someone who leaves stops seeing it at once.

The lessons app keeps the registry of audience kinds (lessons/audiences.py, the recordings
work: `audience_register(kind, label, ...)`). Until it is on this branch, `register()` finds no
registry and does nothing; at merge it registers these functions (the lead checks the
registry's keyword names against the ones used here).
"""

from django.contrib.auth import get_user_model

KIND = "cycle"
LABEL = "Lesson-study group (a cycle)"


def cycle_audience_ids_for(user) -> list[int]:
    """The cycles whose group `user` is in (the audiences of this kind they belong to)."""
    from .models import Cycle

    if user is None or not user.is_authenticated:
        return []
    return list(Cycle.participants.through.objects.filter(user=user).values_list("cycle_id", flat=True))


def cycle_audience_members(audience_id: int):
    """The people in cycle `audience_id`'s group (none for an unknown cycle)."""
    return get_user_model().objects.filter(pd_cycles__pk=audience_id)


def cycle_audience_label(audience_id: int) -> str:
    from .models import Cycle

    cycle = Cycle.objects.filter(pk=audience_id).only("title").first()
    return f"The group of “{cycle.title}”" if cycle else "A cycle that no longer exists"


def cycle_audience_choices(owner):
    """The cycles a recording's owner may share with: the open ones they are in."""
    from .models import Cycle

    return Cycle.objects.open().filter(participants=owner).order_by("title")


def register() -> bool:
    """Register the kind in the lessons audiences registry, when there is one (see above)."""
    try:
        from pdsite.lessons.audiences import audience_register
    except ImportError:
        return False
    audience_register(
        KIND,
        LABEL,
        ids_for=cycle_audience_ids_for,
        members=cycle_audience_members,
        label_for=cycle_audience_label,
        choices_for=cycle_audience_choices,
    )
    return True

"""The "workgroup" share audience: a lesson recording (or a clip of it) shared with a Work Group
is seen by the group as it is at each moment: its members with a live place and its
facilitators (and the hub's staff). Someone whose place is cancelled stops seeing it at once.
Registered in lessons/audiences.py by WorkgroupsConfig.ready()."""

from django.contrib.auth import get_user_model
from django.db.models import Q

KIND = "workgroup"
LABEL = "A Work Group"


def workgroup_audience_ids_for(user) -> list[int]:
    from .access import live_participants
    from .models import WorkGroup

    if user is None or not user.is_authenticated:
        return []
    placed = set(live_participants().filter(user=user).values_list("work_group_id", flat=True))
    running = set(
        WorkGroup.objects.filter(Q(facilitators__user=user) | Q(hub__staff=user)).values_list("pk", flat=True)
    )
    return sorted(placed | running)


def workgroup_audience_members(audience_id: int):
    from .access import live_participants
    from .models import WorkGroup

    placed = live_participants().filter(work_group_id=audience_id).values("user_id")
    group = WorkGroup.objects.filter(pk=audience_id).first()
    running = Q(facilitating__work_group_id=audience_id)
    if group is not None:
        running |= Q(maths_hubs=group.hub_id)
    return get_user_model().objects.filter(Q(pk__in=placed) | running, is_active=True).distinct()


def workgroup_audience_label(audience_id: int) -> str:
    from .models import WorkGroup

    group = WorkGroup.objects.filter(pk=audience_id).only("title", "programme_code").first()
    return f"The Work Group “{group.title}”" if group else "A Work Group that no longer exists"


def workgroup_audience_choices(owner):
    """The groups a recording's owner may share with: those they have a live place in."""
    from .access import live_participants
    from .models import WorkGroup

    placed = live_participants().filter(user=owner).values("work_group_id")
    return WorkGroup.objects.filter(pk__in=placed).order_by("title")


def register() -> None:
    from pdsite.lessons.audiences import audience_register

    audience_register(
        KIND,
        LABEL,
        ids_for=workgroup_audience_ids_for,
        members=workgroup_audience_members,
        label_for=workgroup_audience_label,
        choices_for=workgroup_audience_choices,
    )

"""Which workshops a person is invited to."""

from ..models import Workshop


def workshops_for_user(*, user) -> list[Workshop]:
    """The workshops `user` is invited to, soonest first, with their departments. One query."""
    return list(Workshop.objects.filter(attendee_rows__user=user).select_related("department").order_by("starts_at"))

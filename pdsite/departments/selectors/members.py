"""Who belongs to a department."""

from ..models import Membership


def members_of(*, department) -> list[Membership]:
    """The department's memberships, with their users. One query."""
    return list(Membership.objects.filter(department=department).select_related("user"))

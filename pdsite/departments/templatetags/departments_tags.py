"""`{% assigned_and_due %}`: the teacher's "Assigned and due" section on My learning."""

from django import template

from ..selectors.status import assignments_for_user

register = template.Library()


@register.inclusion_tag("departments/tags/assigned_and_due.html", takes_context=True)
def assigned_and_due(context):
    """The signed-in teacher's assignments, soonest due first, overdue flagged, % watched."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    items = assignments_for_user(user=user, include_complete=False) if user and user.is_authenticated else []
    return {"items": items}

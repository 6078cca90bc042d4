"""`{% open_cycles department %}`: the department dashboard's list of open cycles.

A template tag rather than a call in the departments view, because cycles imports departments
and the apps import one way (tests/test_layout.py): departments only loads this library."""

from django import template

from ..selectors import open_cycles_for_department

register = template.Library()


@register.inclusion_tag("cycles/_open_cycles.html", takes_context=True)
def open_cycles(context, department):
    """The open cycles of `department` that the signed-in viewer may see, with each next step."""
    user = context["request"].user
    return {"department": department, "summaries": open_cycles_for_department(department=department, user=user)}

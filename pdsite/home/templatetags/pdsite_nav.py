"""`{% site_sections %}`: the site menu's top-level sections."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def site_sections(context):
    """The live, public sections under the home page (Curriculum, Clip library, …), for the menu."""
    request = context.get("request")
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        from wagtail.models import Site

        site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return site.root_page.get_children().live().public().in_menu()


@register.simple_tag(takes_context=True)
def shows_departments(context) -> bool:
    """Whether the menu links to /departments/: for people who manage a department or see a school's figures."""
    from pdsite.departments import permissions

    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return False
    return permissions.managed_departments(user).exists() or permissions.aggregate_schools(user).exists()

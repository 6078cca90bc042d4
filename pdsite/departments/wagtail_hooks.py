"""Schools and departments are set up by a site administrator in the Wagtail admin; everything
a head of department does day to day is on the /departments/ pages."""

from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail import hooks

from .models import Department, School


class SchoolViewSet(ModelViewSet):
    model = School
    form_fields = ["name", "slug", "trust"]
    list_display = ["name", "trust"]
    icon = "home"


class DepartmentViewSet(ModelViewSet):
    model = Department
    form_fields = ["school", "name", "slug", "tfm_phase"]
    list_display = ["name", "school", "tfm_phase"]
    icon = "group"


class OrganisationGroup(ModelViewSetGroup):
    menu_label = "Schools"
    menu_icon = "group"
    items = (SchoolViewSet("org_schools"), DepartmentViewSet("org_departments"))


@hooks.register("register_admin_viewset")
def register_organisation():
    return OrganisationGroup()

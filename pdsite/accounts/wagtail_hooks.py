"""School sign-in settings in the Wagtail admin (Settings > School sign-in): superusers only,
through the model's permissions, which no group is given."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import SchoolSignIn


class SchoolSignInViewSet(ModelViewSet):
    model = SchoolSignIn
    form_fields = ["school", "allowed_domains", "entra_tenant_id", "local_passwords_off"]
    list_display = ["school", "allowed_domains", "entra_tenant_id", "local_passwords_off"]
    icon = "key"
    add_to_settings_menu = True
    menu_label = "School sign-in"


@hooks.register("register_admin_viewset")
def register_school_sign_in():
    return SchoolSignInViewSet("school_sign_in")

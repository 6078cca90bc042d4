"""LTI in the Wagtail admin, under Settings: the platform registrations, and the tool's keys
(adding one rotates: the new key signs, older ones stay in the JWKS until retired)."""

from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import services
from .models import PlatformRegistration, ToolKey


class PlatformRegistrationViewSet(ModelViewSet):
    model = PlatformRegistration
    name = "lti_platforms"
    icon = "link-external"
    menu_label = "LTI platforms"
    url_prefix = "lti/platforms"
    list_display = ["name", "issuer", "client_id", "is_active"]
    search_fields = ["name", "issuer", "client_id"]
    add_to_admin_menu = False


class ToolKeyCreateView(generic.CreateView):
    """Adding a key generates it (nothing to fill in): the rotation step."""

    def save_instance(self):
        return services.tool_key_rotate()


class ToolKeyViewSet(ModelViewSet):
    model = ToolKey
    name = "lti_keys"
    icon = "key"
    menu_label = "LTI tool keys"
    url_prefix = "lti/keys"
    list_display = ["kid", "created_at", "retired_at"]
    form_fields = ["retired_at"]
    add_view_class = ToolKeyCreateView
    add_to_admin_menu = False


class LtiViewSetGroup(ViewSetGroup):
    menu_label = "LTI"
    menu_icon = "link-external"
    items = (PlatformRegistrationViewSet, ToolKeyViewSet)


@hooks.register("register_admin_viewset")
def register_lti_viewsets():
    return LtiViewSetGroup()

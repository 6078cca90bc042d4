"""Wagtail admin hooks of home: admin accessibility fixes and the superusers' locked sign-ins screen."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .security_admin import LockedSigninsViewSet


@hooks.register("insert_global_admin_js")
def admin_accessibility_fixes():
    return format_html('<script src="{}" defer></script>', static("home/admin-a11y.js"))


@hooks.register("insert_global_admin_css")
def admin_reduced_motion():
    return format_html('<link rel="stylesheet" href="{}">', static("home/admin-a11y.css"))


@hooks.register("register_admin_viewset")
def register_locked_signins_viewset():
    return LockedSigninsViewSet()

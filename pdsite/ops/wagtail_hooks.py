"""Wagtail admin hooks of ops: the superusers' System status screen under Settings."""

from wagtail import hooks

from .admin_views import SystemStatusViewSet


@hooks.register("register_admin_viewset")
def register_system_status_viewset():
    return SystemStatusViewSet()

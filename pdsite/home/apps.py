"""App config of home: the home page, My learning, site menu, demo seed and sign-in lockout screens."""

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "pdsite.home"
    label = "home"
    verbose_name = "Home"

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "pdsite.home"
    label = "home"
    verbose_name = "Home"

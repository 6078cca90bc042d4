"""The progress app: viewing records and the heartbeat that fills them."""

from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "pdsite.progress"
    label = "progress"
    verbose_name = "Progress"

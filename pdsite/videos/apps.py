"""The videos app. `ready()` connects the transcripts' and described audio's receivers and registers the tasks."""

from django.apps import AppConfig


class VideosConfig(AppConfig):
    name = "pdsite.videos"
    label = "videos"
    verbose_name = "Videos"

    def ready(self):
        # Imported here, once the models are loaded (Django's rule for ready()).
        from . import tasks  # noqa: F401  registers the tasks `jobs` queues by name
        from .described.signal_handlers import connect as connect_described
        from .transcripts.signal_handlers import connect

        connect()
        connect_described()

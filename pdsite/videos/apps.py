from django.apps import AppConfig


class VideosConfig(AppConfig):
    name = "pdsite.videos"
    label = "videos"
    verbose_name = "Videos"

    def ready(self):
        from .transcript_handlers import connect

        connect()

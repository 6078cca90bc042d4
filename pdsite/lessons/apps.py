"""The lessons app: teachers' own lesson recordings, kept private and shared deliberately.

`ready()` registers the recording grant and window in the one video rule
(`pdsite.videos.access`): a recording is seen by its owner and by the people it is shared with,
a clip share only inside its range (lessons/access.py). It also registers the "recording"
upload purpose (lessons/uploads.py) and connects the signal handlers."""

from django.apps import AppConfig


class LessonsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pdsite.lessons"
    label = "lessons"
    verbose_name = "Lesson recordings"

    def ready(self):
        from pdsite.videos.access import video_grant_register, video_window_register

        from . import signal_handlers, tasks, uploads  # noqa: F401  (tasks: their names resolve here, as in a worker)
        from .access import recording_grant, recording_window

        video_grant_register(recording_grant)
        video_window_register(recording_window)
        uploads.register()
        signal_handlers.connect()

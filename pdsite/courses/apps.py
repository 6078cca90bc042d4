from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "pdsite.courses"
    label = "courses"
    verbose_name = "Courses"

    def ready(self):
        from . import signal_handlers  # noqa: F401  (connects the receivers)

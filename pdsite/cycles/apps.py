"""App config of cycles: lesson study, TRG and ECT observation cycles. `ready()` registers the
"cycle" share audience (the lesson-study group) with the lessons app (audiences.py)."""

from django.apps import AppConfig


class CyclesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pdsite.cycles"
    label = "cycles"
    verbose_name = "Lesson study cycles"

    def ready(self):
        from .audiences import register

        register()

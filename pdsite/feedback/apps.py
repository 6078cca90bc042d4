"""The feedback app: time-stamped comments on lesson recordings and PD clips.

`ready()` adds mentions to the departments reminder digest (departments imports no feedback
code: it asks the sections registered with it)."""

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pdsite.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self):
        from pdsite.departments.services.reminders import digest_section_register

        from .digest import mentions_digest_section

        digest_section_register(mentions_digest_section)

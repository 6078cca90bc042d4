"""The xAPI app: connects the receivers that queue statements (after a viewing report commits,
when a pathway step is done). They only enqueue (STYLE.md §2.8)."""

from django.apps import AppConfig


class XapiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pdsite.xapi"
    label = "xapi"
    verbose_name = "xAPI"

    def ready(self):
        from . import signal_handlers, tasks  # noqa: F401  (connects the receivers; registers the tasks by name)

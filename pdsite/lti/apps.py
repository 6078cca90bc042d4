"""The lti app: LTI 1.3 Advantage tool. `ready()` connects progress's signal to score posting
(signal_handlers)."""

from django.apps import AppConfig


class LtiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pdsite.lti"
    label = "lti"
    verbose_name = "LTI"

    def ready(self):
        from . import signal_handlers  # noqa: F401  (connects the receivers)

"""The lti app: LTI 1.3 Advantage tool. `ready()` connects progress's signal to score posting
(signal_handlers) and adds "has a grade link for this video" to the token heartbeat's statement."""

from django.apps import AppConfig


class LtiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pdsite.lti"
    label = "lti"
    verbose_name = "LTI"

    def ready(self):
        from pdsite.progress.selectors import heartbeat_viewer_flag_register

        from . import signal_handlers  # noqa: F401  (connects the receivers)
        from .selectors import grade_link_sql

        heartbeat_viewer_flag_register(attribute="pdsite_grades_video", sql=grade_link_sql)

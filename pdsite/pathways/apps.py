"""The pathways app: connects the receiver that refreshes watch steps after viewing, and adds
"enrolled on any pathway" to the token heartbeat's one query (so that receiver needs no query
of its own on every report)."""

from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pdsite.pathways"
    label = "pathways"
    verbose_name = "Induction pathways"

    def ready(self):
        from pdsite.progress.selectors import heartbeat_viewer_flag_register

        from . import signal_handlers  # noqa: F401  (connects the receivers)
        from .selectors import enrolled_sql

        heartbeat_viewer_flag_register(attribute="pdsite_is_enrolled", sql=enrolled_sql)

"""App config of ops: health and readiness probes, Prometheus metrics, the System status screen."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "pdsite.ops"
    label = "pdsite_ops"
    verbose_name = "Operations"

"""The probe and metrics URLs at the site root: /healthz, /readyz, /metrics (named ops:<name>)."""

from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics_view, name="metrics"),
]

"""The Celery app. Settings are the CELERY_* names in Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdsite.settings.dev")

app = Celery("pdsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""Local development: the embedded default of `make run`."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# The runserver-friendly storage: no manifest needed for `make run`.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Serve static files from the app folders directly (no collectstatic in dev and tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

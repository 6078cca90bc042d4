"""Production: every value comes from the environment (see README, "Production settings")."""

from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, env
from django.core.exceptions import ImproperlyConfigured

if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY.")

SESSION_COOKIE_SECURE = env("DJANGO_SECURE_COOKIES", "true") == "true"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

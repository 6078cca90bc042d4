"""Production: every value comes from the environment (see README, "Production settings")."""

from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, env
from django.core.exceptions import ImproperlyConfigured

if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY.")

# --- HTTPS ----------------------------------------------------------------------------
# Secure cookies, the redirect to HTTPS and HSTS are on unless DJANGO_SECURE_COOKIES=false
# (a plain-HTTP trial), each one can also be set on its own.
SESSION_COOKIE_SECURE = env("DJANGO_SECURE_COOKIES", "true") == "true"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env("DJANGO_SSL_REDIRECT", "true" if SESSION_COOKIE_SECURE else "false") == "true"
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000" if SESSION_COOKIE_SECURE else "0"))
# Trust the proxy's scheme header only when told which one it sets (e.g. X-Forwarded-Proto):
# otherwise any client could claim HTTPS by sending it.
TRUSTED_PROXY_HEADER = env("DJANGO_TRUSTED_PROXY_HEADER")
if TRUSTED_PROXY_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + TRUSTED_PROXY_HEADER.upper().replace("-", "_"), "https")

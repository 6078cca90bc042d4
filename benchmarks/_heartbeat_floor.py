"""The heartbeat benchmark's floor: the least a Django report endpoint can cost on the same
gunicorn and PostgreSQL. One bare view, no middleware, no apps, persistent connections as the
site uses; each POST runs one indexed UPDATE in autocommit (synchronous commit, as the site's
writes) and answers a small JSON body. ``GET /accounts/login/`` hands out a CSRF cookie as the
site's login page does, so the same load processes can drive it unchanged.

Served as ``gunicorn benchmarks._heartbeat_floor:application`` with the site's environment
(DATABASE_URL, DJANGO_SECRET_KEY); heartbeat.py makes and fills its one table (heartbeat.FLOOR_TABLE).
"""

import os

import dj_database_url
import django
from django.conf import settings

from benchmarks.heartbeat import FLOOR_TABLE

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "benchmark-floor"),
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[],
        MIDDLEWARE=[],
        USE_TZ=True,
        DATABASES={
            "default": dj_database_url.parse(
                os.environ["DATABASE_URL"], conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "600"))
            )
        },
    )
    django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402 - needs the settings above
from django.db import connection  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

_UPDATE = f"UPDATE {FLOOR_TABLE} SET reports = reports + 1 WHERE user_id = %s AND video_id = %s"


def report(request):
    """One indexed UPDATE per POST; 404 when no row matched (counted as an error)."""
    if request.method != "POST":
        return _sized(JsonResponse({"error": "POST only"}, status=405))
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE, [int(request.POST["user"]), int(request.POST["video"])])
        found = cursor.rowcount == 1
    return _sized(JsonResponse({"ok": found}, status=200 if found else 404))


def login_page(request):
    """What the load reads from the site's login page: a CSRF cookie."""
    response = HttpResponse("floor")
    response.set_cookie("csrftoken", "floor-csrf-token-floor-csrf-token")
    return _sized(response)


def _sized(response):
    """Set Content-Length as the site's CommonMiddleware does (keep-alive clients need it)."""
    response.headers["Content-Length"] = str(len(response.content))
    return response


urlpatterns = [path("progress/heartbeat/", report), path("accounts/login/", login_page)]
application = get_wsgi_application()

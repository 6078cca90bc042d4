"""Test settings.

`make services` writes the real services' URLs to .services.env; they are loaded here
(variables already in the environment win). Without them the suite still runs locally on
SQLite, database search and local media, and service tests skip; under CI=true a missing
service is a configuration error instead, so it can never pass as a skip.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from .services_env import read_services_env

SERVICE_VARIABLES = ("DATABASE_URL", "CELERY_BROKER_URL", "PDSITE_SEARCH_URL", "AWS_STORAGE_BUCKET_NAME")

for _name, _value in read_services_env().items():
    os.environ.setdefault(_name, _value)


def one_set_of_services_per_xdist_worker(environ=os.environ) -> None:
    """Under pytest-xdist, give each worker process (gw0, gw1, …) its own Redis database,
    search index prefix and S3 bucket; pytest-django already gives each its own test database.

    Written into the environment once, with a marker, so the Celery workers and other
    processes a test starts inherit the same services instead of deriving them again.
    """
    worker = environ.get("PYTEST_XDIST_WORKER", "")
    if not worker or environ.get("PDSITE_TEST_XDIST_WORKER") == worker:
        return
    environ["PDSITE_TEST_XDIST_WORKER"] = worker
    number = int(worker.removeprefix("gw"))
    broker = urlsplit(environ.get("CELERY_BROKER_URL", ""))
    if broker.scheme.startswith("redis"):
        database = (int(broker.path.strip("/") or 0) + 1 + number) % 16
        environ["CELERY_BROKER_URL"] = urlunsplit(broker._replace(path=f"/{database}"))
    if environ.get("AWS_STORAGE_BUCKET_NAME"):
        environ["AWS_STORAGE_BUCKET_NAME"] += f"-{worker}"  # made by tests/conftest.py
    environ["PDSITE_TEST_INDEX_PREFIX"] = environ.get("PDSITE_TEST_INDEX_PREFIX", "pdsite_test_") + f"{worker}_"


one_set_of_services_per_xdist_worker()

if os.environ.get("CI") == "true":
    missing = [name for name in SERVICE_VARIABLES if not os.environ.get(name)]
    if missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"CI=true but these service variables are not set: {', '.join(missing)}")

from .base import *  # noqa: E402,F401,F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as `make run` uses, not the shared-cache in-memory database: that one locks whole
    # tables (SQLITE_LOCKED, which no busy timeout waits out), so concurrent writers would fail
    # here where they wait their turn on the embedded default.
    # A child run may be handed an already migrated file (tests/support/embedded.py).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("PDSITE_TEST_SQLITE_NAME") or str(BASE_DIR / ".cache" / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run the real task bodies in-process; the live-worker tests switch this off.
# (A live test worker is started with PDSITE_CELERY_EAGER=0: it must retry through the broker.)
CELERY_TASK_ALWAYS_EAGER = os.environ.get("PDSITE_CELERY_EAGER", "1") == "1"
CELERY_TASK_EAGER_PROPAGATES = True
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "ENQUEUE_ON_COMMIT": False,
    }
}
# A separate index so tests never touch a developer's data (and one per checkout when
# several test runs share one search engine).
if "URLS" in WAGTAILSEARCH_BACKENDS["default"]:  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = os.environ.get(  # noqa: F405
        "PDSITE_TEST_INDEX_PREFIX", "pdsite_test_"
    )
# Serve static files from the app folders directly (no collectstatic in dev and tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# No speech-recognition drafts unless a test asks for them (they are slow on every READY video);
# a live worker started by a test gets its engine through PDSITE_TEST_ASR_ENGINE.
PDSITE_ASR_ENGINE = os.environ.get("PDSITE_TEST_ASR_ENGINE", "")
# Demo clips as small as the seed tests allow: one 180p rendition each instead of two.
PDSITE_DEMO_CLIP_HEIGHT = 180
# ... and 10 frames a second: 2.5 times fewer frames to generate and transcode (issue #17).
PDSITE_DEMO_CLIP_FPS = 10
# Every transcode in the tests checks what is made, not how small: the fastest x264 preset
# (half the encoding time of production's "veryfast"; issue #17, CI in 15 minutes).
PDSITE_TRANSCODE_PRESET = os.environ.get("PDSITE_TRANSCODE_PRESET", "ultrafast")

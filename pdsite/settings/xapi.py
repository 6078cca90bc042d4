"""Settings of the xAPI outbox (pdsite/xapi): where statements go and who they are about.

Imported by base.py (``from .xapi import *``); each value is read from an environment variable
documented in the README's settings table. An empty PDSITE_XAPI_ENDPOINT turns xAPI off:
nothing is queued and the send task does nothing.
"""

import os


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


XAPI_APPS = ["pdsite.xapi"]
# The LRS's xAPI endpoint (ralph: http://host:8100/xAPI); statements are POSTed to
# <endpoint>/statements.
PDSITE_XAPI_ENDPOINT = _env("PDSITE_XAPI_ENDPOINT").rstrip("/")
PDSITE_XAPI_USERNAME = _env("PDSITE_XAPI_USERNAME")
PDSITE_XAPI_PASSWORD = _env("PDSITE_XAPI_PASSWORD")
# How a teacher is named in a statement: "mbox" (mailto:<email>) or "account" (the school's
# homepage + username, so no email address leaves the site).
PDSITE_XAPI_ACTOR = _env("PDSITE_XAPI_ACTOR", "mbox")
PDSITE_XAPI_ACCOUNT_HOMEPAGE = _env("PDSITE_XAPI_ACCOUNT_HOMEPAGE")
# Activity ids (videos, modules, pathway steps) are IRIs under this base; empty: the site's
# WAGTAILADMIN_BASE_URL. Statement ids derive from them, so keep it stable.
PDSITE_XAPI_ACTIVITY_BASE = _env("PDSITE_XAPI_ACTIVITY_BASE").rstrip("/")
# Statements per POST, each request's timeout, and the retry backoff after the LRS failed:
# base × 2^(attempts − 1) seconds, at most the cap.
PDSITE_XAPI_BATCH_SIZE = int(_env("PDSITE_XAPI_BATCH_SIZE", "50"))
PDSITE_XAPI_TIMEOUT_SECONDS = float(_env("PDSITE_XAPI_TIMEOUT_SECONDS", "10"))
PDSITE_XAPI_RETRY_BASE_SECONDS = float(_env("PDSITE_XAPI_RETRY_BASE_SECONDS", "30"))
PDSITE_XAPI_RETRY_MAX_SECONDS = float(_env("PDSITE_XAPI_RETRY_MAX_SECONDS", "3600"))

# Sends what is pending every minute (base.py merges this into CELERY_BEAT_SCHEDULE).
XAPI_BEAT_SCHEDULE = {
    "xapi-outbox-send": {"task": "pdsite.xapi.tasks.xapi_outbox_send_task", "schedule": 60.0},
}

"""Settings shared by every environment.

Everything that differs between a laptop and production is read from environment
variables here, so dev/test/production only choose defaults. With no variables set you
get the embedded default: SQLite, Wagtail's database search, media on the local disk and
a Celery broker on the filesystem (no server needed).
"""

import os
from pathlib import Path

import botocore.config
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "pdsite.home",
    "pdsite.courses",
    "pdsite.progress",
    "pdsite.pathways",
    "pdsite.videos",
    "pdsite.search",
    "pdsite.departments",
    "pdsite.lessons",
    "pdsite.cycles",
    "pdsite.feedback",
    "pdsite.workgroups",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    # wagtail.search wraps modelsearch; listing modelsearch as well breaks the first query.
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_celery_beat",
    "storages",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Signed-token progress reports skip the rest of the stack (progress/middleware.py).
    "pdsite.progress.middleware.HeartbeatTokenMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "pdsite.urls"
WSGI_APPLICATION = "pdsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: DATABASE_URL, else SQLite in the repo ------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DJANGO_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite, the embedded default, has one writer at a time. A transaction that starts as a
    # reader and then writes (the heartbeat's locked read-merge-write) fails with "database is
    # locked" when another writer got in between, so every transaction takes the write lock
    # when it begins (BEGIN IMMEDIATE) and waits up to `timeout` seconds for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Server-side sessions by default (signing out takes effect at once everywhere).
SESSION_ENGINE = env("DJANGO_SESSION_ENGINE", "django.contrib.sessions.backends.db")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:my_learning"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise) and front-end packages from npm --------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [
    PROJECT_DIR / "static",
    # hls.js comes from npm (pinned in package-lock.json); served as /static/vendor/hls.js/.
    ("vendor/hls.js", BASE_DIR / "node_modules" / "hls.js" / "dist"),
    # Chart.js for the report charts, likewise from npm: /static/vendor/chart.js/.
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]

# --- Media storage: S3 when a bucket is configured, else the local disk ------------

MEDIA_ROOT = Path(env("PDSITE_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")

if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
            # Private bucket: every URL handed to a browser is presigned and short-lived.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(env("PDSITE_MEDIA_URL_SECONDS", "3600")),
            "file_overwrite": True,
            "client_config": botocore.config.Config(
                signature_version="s3v4",
                s3={"addressing_style": "path"},
                # Checksums only where S3 requires them: S3-compatible servers (s3proxy,
                # older MinIO) refuse the newer default trailing-checksum uploads.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        },
    }
else:
    # allow_overwrite: HLS playlists are rewritten in place while a video transcodes.
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"allow_overwrite": True}}

STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Search: OpenSearch/Elasticsearch when PDSITE_SEARCH_URL is set ----------------

PDSITE_SEARCH_URL = env("PDSITE_SEARCH_URL")  # a cluster: its nodes' URLs, comma-separated
# Copies of each shard besides the primary: 1 on a cluster keeps every result when a node is lost.
PDSITE_SEARCH_REPLICAS = int(env("PDSITE_SEARCH_REPLICAS", "0"))
SEARCH_BACKEND_MODULES = {
    "opensearch2": "wagtail.search.backends.opensearch2",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
}
if PDSITE_SEARCH_URL:
    search_engine = env("PDSITE_SEARCH_BACKEND", "opensearch2")
    if search_engine not in SEARCH_BACKEND_MODULES:
        raise ImproperlyConfigured(
            f"PDSITE_SEARCH_BACKEND must be one of {sorted(SEARCH_BACKEND_MODULES)}, not {search_engine!r}."
        )
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": SEARCH_BACKEND_MODULES[search_engine],
            "URLS": [url.strip() for url in PDSITE_SEARCH_URL.split(",")],
            # One index per root model: <prefix>_videos_transcriptsegment, <prefix>_wagtailcore_page.
            "INDEX_PREFIX": env("PDSITE_SEARCH_INDEX", "pdsite") + "_",
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": PDSITE_SEARCH_REPLICAS}}},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Celery: CELERY_BROKER_URL, else a filesystem broker in .cache/ ----------------

CELERY_BROKER_DIR = BASE_DIR / ".cache" / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic job, in one place (the scheduler copies them into django-celery-beat's tables).
CELERY_BEAT_SCHEDULE = {
    # Search index updates queued while the engine was down (pdsite.search).
    "search-replay-pending-updates": {"task": "pdsite.search.tasks.replay_pending_updates_task", "schedule": 60.0},
    # Assignment and workshop reminders (pdsite.departments); hourly, and sending is idempotent,
    # so an extra run sends nothing.
    "departments-assignment-reminders": {
        "task": "pdsite.departments.tasks.assignment_reminders_task",
        "schedule": 60 * 60,
    },
    # Abandoned resumable uploads (pdsite.videos.uploads), once a day.
    "videos-clean-expired-uploads": {"task": "pdsite.videos.tasks.uploads_clean_expired_task", "schedule": 24 * 3600},
    # Lesson recordings past their school's retention are deleted completely (pdsite.lessons), daily.
    "lessons-expire-recordings": {"task": "pdsite.lessons.tasks.recordings_expire_task", "schedule": 24 * 3600},
}
CELERY_TIMEZONE = TIME_ZONE
# Queues (issue #5): long transcodes never hold up transcripts or small jobs. Workers
# consume all three by default (`celery -A pdsite worker -Q transcode,transcripts,default`);
# more workers on more machines add throughput with no code change.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "pdsite.videos.tasks.video_transcode_task": {"queue": "transcode"},
    "pdsite.videos.tasks.described_audio_*": {"queue": "transcode"},
    "pdsite.videos.tasks.transcript_*": {"queue": "transcripts"},
}
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redis priorities: 0 is the most urgent (see pdsite.videos.selectors.video_priority).
        "priority_steps": list(range(10)),
        "queue_order_strategy": "priority",
        # With acks_late an unacknowledged message is handed out again after this many
        # seconds, so it must exceed the longest transcode (a worker that dies loses nothing).
        "visibility_timeout": int(env("PDSITE_CELERY_VISIBILITY_TIMEOUT", str(6 * 3600))),
        # Each worker looks for such messages of lost workers every this many seconds (kombu's 100).
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": int(env("PDSITE_CELERY_RESTORE_SECONDS", "100")),
    }

# Wagtail's own background work (search index updates, reference index) runs in-process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Wagtail ----------------------------------------------------------------------

WAGTAIL_SITE_NAME = "pdsite"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# No Gravatar: staff avatars would tell a third party who uses the admin (and CSP blocks it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Security: sign-in throttling (django-axes) and Content-Security-Policy (django-csp) ---

INSTALLED_APPS += ["axes", "csp"]
# CSP sets the header (and the nonce) on every page; axes' middleware turns a locked-out sign-in
# into the lockout response, so it comes last, as axes documents.
MIDDLEWARE += ["pdsite.home.csp.AdminAwareCSPMiddleware", "axes.middleware.AxesMiddleware"]
# AxesStandaloneBackend first: it refuses a locked-out username+address before any password check.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("csp.context_processors.nonce")  # {{ CSP_NONCE }}

# Sign-in throttling and CSP: settings/security.py.
from .security import *  # noqa: E402,F401,F403
from .security import csp_policies, origin_of  # noqa: E402

# Presigned media URLs point at the S3 endpoint (path-style addressing, see STORAGES): hls.js
# fetches playlists and segments from there, and the browser plays and shows them.
if AWS_STORAGE_BUCKET_NAME:
    S3_REGION = env("AWS_S3_REGION_NAME")
    MEDIA_ORIGIN = origin_of(env("AWS_S3_ENDPOINT_URL")) or (
        f"https://s3.{S3_REGION}.amazonaws.com" if S3_REGION else "https://s3.amazonaws.com"
    )
MEDIA_ORIGINS = [MEDIA_ORIGIN] if AWS_STORAGE_BUCKET_NAME else []

CONTENT_SECURITY_POLICY, PDSITE_ADMIN_CONTENT_SECURITY_POLICY = csp_policies(MEDIA_ORIGINS)

# --- pdsite -------------------------------------------------------------------------

FFMPEG_BINARY = env("PDSITE_FFMPEG", "ffmpeg")
FFPROBE_BINARY = env("PDSITE_FFPROBE", "ffprobe")
# Share of a video's unique seconds a teacher must watch to complete it (issue: progress).
PDSITE_COMPLETION_THRESHOLD = float(env("PDSITE_COMPLETION_THRESHOLD", "0.9"))
# Caption languages, "code:Name" comma-separated, the main one first (videos/transcripts/languages.py).
PDSITE_CAPTION_LANGUAGES = env("PDSITE_CAPTION_LANGUAGES", "en:English,cy:Cymraeg")
# Fastest playback rate the player offers; caps how many new seconds a report may add.
PDSITE_MAX_PLAYBACK_RATE = 2.0
# New seconds are credited from a window (progress/budget.py): wall time since it opened ×
# the top rate, plus ONE slack for clock jitter and a first report that carries seconds (the
# player reports when playback starts, which opens the window, then every 10 s).
PDSITE_HEARTBEAT_SLACK_SECONDS = float(env("PDSITE_HEARTBEAT_SLACK_SECONDS", "12"))
# A report after this long a silence, or into a window this old, opens a new window.
PDSITE_HEARTBEAT_WINDOW_IDLE_SECONDS = float(env("PDSITE_HEARTBEAT_WINDOW_IDLE_SECONDS", str(30 * 60)))
PDSITE_HEARTBEAT_WINDOW_MAX_SECONDS = float(env("PDSITE_HEARTBEAT_WINDOW_MAX_SECONDS", str(6 * 3600)))
# A reported range may end this far past the duration (rounding); further out it is refused.
PDSITE_HEARTBEAT_END_TOLERANCE_SECONDS = 1.0
# Lifetime of the signed token a clip page gives its player (progress/heartbeat_tokens.py);
# an older token is ignored and the report takes the session + CSRF path instead.
PDSITE_HEARTBEAT_TOKEN_MAX_AGE = int(env("PDSITE_HEARTBEAT_TOKEN_MAX_AGE", str(6 * 3600)))
PDSITE_HLS_SEGMENT_SECONDS = 4
# Speech-recognition drafts of transcripts (videos/asr): the engine class's dotted path;
# empty turns drafts off. Drafts run on the "transcripts" Celery queue. The Whisper engine
# uses the tiny.en model shipped in a wheel unless PDSITE_ASR_WHISPER_MODEL names a
# CTranslate2 model directory (e.g. a larger one with PDSITE_ASR_DEVICE=cuda).
PDSITE_ASR_ENGINE = env("PDSITE_ASR_ENGINE", "pdsite.videos.asr.whisper.FasterWhisperEngine")
PDSITE_ASR_WHISPER_MODEL = env("PDSITE_ASR_WHISPER_MODEL")
PDSITE_ASR_DEVICE = env("PDSITE_ASR_DEVICE", "cpu")

# --- Departments: reminder digests (issue #8) ---------------------------------------
# Remind about an assignment this many hours before it is due, and once when overdue (beat
# entry in CELERY_BEAT_SCHEDULE above).
PDSITE_REMINDER_LEAD_HOURS = int(env("PDSITE_REMINDER_LEAD_HOURS", "48"))

# --- Feedback: time-stamped comments (issue #14) -------------------------------------
# Minutes after posting during which the author may still edit a comment.
PDSITE_COMMENT_EDIT_MINUTES = int(env("PDSITE_COMMENT_EDIT_MINUTES", "15"))
# Upload limits (videos: size, length, transcode time) and document types: settings/uploads.py.
from .uploads import *  # noqa: E402,F401,F403

# Lifetime of the signed playlist/segment/caption URLs handed to signed-in viewers.
PDSITE_MEDIA_URL_SECONDS = int(env("PDSITE_MEDIA_URL_SECONDS", "3600"))

# --- LTI 1.3 tool (issue #16): school LMSs launch clips and pick them (pdsite/lti) ----------
INSTALLED_APPS += ["pdsite.lti"]
# A session an LTI launch signed in gets SameSite=None cookies (for the LMS's frame): before
# SessionMiddleware, whose cookie it edits.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"), "pdsite.lti.cookies.FrameSessionCookieMiddleware")

from .ops import *  # noqa: E402,F401,F403  (probes and metrics, issue #16: see settings/ops.py)
INSTALLED_APPS, MIDDLEWARE = [*INSTALLED_APPS, *OPS_APPS], [*OPS_MIDDLEWARE, *MIDDLEWARE]  # noqa: F405

from .sso import *  # noqa: E402,F401,F403  (single sign-on, issue #16: see settings/sso.py)
INSTALLED_APPS, MIDDLEWARE = [*INSTALLED_APPS, *SSO_APPS], [*MIDDLEWARE, *SSO_MIDDLEWARE]  # noqa: F405
AUTHENTICATION_BACKENDS = [  # the password backend that knows schools without passwords
    SSO_PASSWORD_BACKEND if backend == "django.contrib.auth.backends.ModelBackend" else backend  # noqa: F405
    for backend in AUTHENTICATION_BACKENDS
]
# The backend a session records when someone is signed in without a password form (an accepted
# invitation, an LTI launch): the model backend above, which loads the session's user.
PDSITE_SESSION_BACKEND = SSO_PASSWORD_BACKEND  # noqa: F405
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [  # a new list: the admin policy shares the old one
    *CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"], *SSO_FORM_ACTION_ORIGINS  # noqa: F405
]

from .xapi import *  # noqa: E402,F401,F403  (the xAPI outbox, issue #16: see settings/xapi.py)
INSTALLED_APPS, CELERY_BEAT_SCHEDULE = [*INSTALLED_APPS, *XAPI_APPS], {**CELERY_BEAT_SCHEDULE, **XAPI_BEAT_SCHEDULE}  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"pdsite": {"handlers": ["console"], "level": env("PDSITE_LOG_LEVEL", "INFO")}},
}

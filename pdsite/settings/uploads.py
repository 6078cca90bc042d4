"""Settings for what people upload: videos (size, length, transcode time) and documents.

Imported by base.py (``from .uploads import *``), so every environment has them; each is
read from a ``PDSITE_*`` environment variable, documented in the README's settings table.
"""

import os


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


# Resumable uploads (pdsite.videos.uploads) and the plain admin form: largest file accepted,
# bytes per S3 part or local chunk (S3 needs at least 5 MiB), and how long an unfinished
# upload is kept before `clean_uploads` aborts it.
PDSITE_MAX_UPLOAD_BYTES = int(_env("PDSITE_MAX_UPLOAD_BYTES", str(4 * 1024**3)))
PDSITE_UPLOAD_PART_BYTES = int(_env("PDSITE_UPLOAD_PART_BYTES", str(8 * 1024**2)))
PDSITE_UPLOAD_EXPIRY_HOURS = float(_env("PDSITE_UPLOAD_EXPIRY_HOURS", "24"))
# Uploads longer or larger than these fail at the "probe" stage with a clear reason.
PDSITE_MAX_VIDEO_SECONDS = float(_env("PDSITE_MAX_VIDEO_SECONDS", str(4 * 3600)))
# A teacher's lesson recording (pdsite.lessons) is at most an hour (issue #14).
PDSITE_MAX_RECORDING_SECONDS = float(_env("PDSITE_MAX_RECORDING_SECONDS", str(60 * 60)))
PDSITE_MAX_VIDEO_DIMENSION = int(_env("PDSITE_MAX_VIDEO_DIMENSION", "4096"))
# Transcode time limit = base + factor x duration (Celery soft limit and ffmpeg timeout).
PDSITE_TRANSCODE_BASE_SECONDS = int(_env("PDSITE_TRANSCODE_BASE_SECONDS", "300"))
PDSITE_TRANSCODE_TIME_FACTOR = float(_env("PDSITE_TRANSCODE_TIME_FACTOR", "6"))
# The x264 preset of every rendition: a slower one packs the same quality into fewer bytes.
PDSITE_TRANSCODE_PRESET = _env("PDSITE_TRANSCODE_PRESET", "veryfast")
# Picture height of the demo clips `seed_demo` generates (16:9); the tests use a small one.
PDSITE_DEMO_CLIP_HEIGHT = int(_env("PDSITE_DEMO_CLIP_HEIGHT", "360"))
# Their frame rate: the tests use fewer frames (each clip's transcode is most of the seed's time).
PDSITE_DEMO_CLIP_FPS = int(_env("PDSITE_DEMO_CLIP_FPS", "25"))

# Wagtail documents: only the file types PD leads hand out (handouts, slides, sheets, plain
# data, pictures). Not .html, .svg, .js or .xml, which a browser may run as a page of this
# site, nor programs (.exe) or macro-enabled Office files (.docm, .xlsm).
WAGTAILDOCS_EXTENSIONS = [
    extension.strip().lower().lstrip(".")
    for extension in _env(
        "PDSITE_DOCUMENT_EXTENSIONS", "pdf,docx,pptx,xlsx,odt,odp,ods,rtf,txt,csv,png,jpg,jpeg"
    ).split(",")
    if extension.strip()
]

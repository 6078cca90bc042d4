"""Stored files are never served by a static /media/ route, whatever the settings module."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import django
django.setup()
from django.urls import Resolver404, resolve
from django.views.static import serve
for path in ("/media/videos/1/hls/master.m3u8", "/media/videos/sources/a/x.mp4", "/media/pathways/evidence/x.pdf"):
    try:
        match = resolve(path)
    except Resolver404:
        continue
    assert match.func is not serve, f"{path} is served from MEDIA_ROOT"
print("private")
"""


@pytest.mark.parametrize("module", ["pdsite.settings.dev", "pdsite.settings.test", "pdsite.settings.production"])
def test_no_settings_module_serves_media_files_statically(module):
    env = {"DJANGO_SETTINGS_MODULE": module, "DJANGO_SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("private")


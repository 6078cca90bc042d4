"""Helpers for the resumable-upload tests: a thin client for the JSON endpoints, test media."""

import json
import subprocess
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

TEXT_AS_MP4 = b"Lesson plan: equivalent fractions\n" * 40


class UploadApi:
    """Talks to /videos/uploads/ the way upload.js does."""

    def __init__(self, client):
        self.client = client

    def start(self, filename: str, size):
        return self.client.post(
            reverse("videos:uploads:create"), {"filename": filename, "size": size}, content_type="application/json"
        )

    def state(self, upload_id):
        return self.client.get(reverse("videos:uploads:detail", args=[upload_id]))

    def abort(self, upload_id):
        return self.client.delete(reverse("videos:uploads:detail", args=[upload_id]))

    def presign(self, upload_id, part_numbers):
        return self.client.post(
            reverse("videos:uploads:parts", args=[upload_id]),
            {"part_numbers": part_numbers},
            content_type="application/json",
        )

    def chunk(self, upload_id, data: bytes, start: int, total: int, **headers):
        headers.setdefault("HTTP_CONTENT_RANGE", f"bytes {start}-{start + len(data) - 1}/{total}")
        return self.client.put(
            reverse("videos:uploads:chunk", args=[upload_id]), data, content_type="application/octet-stream", **headers
        )

    def complete(self, upload_id, title="Bar models", **files):
        return self.client.post(reverse("videos:uploads:complete", args=[upload_id]), {"title": title, **files})


def put_part(url: str, data: bytes) -> int:
    """PUT one part to a presigned S3 URL, as the browser does; returns the HTTP status."""
    request = urllib.request.Request(url, data=data, method="PUT")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


@pytest.fixture
def upload_api(sign_in, pd_lead):
    return UploadApi(sign_in(pd_lead))


@pytest.fixture
def local_storage(settings):
    """The embedded default: media on the local disk, small chunks so a clip takes several."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.PDSITE_UPLOAD_PART_BYTES = 64 * 1024


@pytest.fixture(scope="session")
def large_clip(tmp_path_factory) -> Path:
    """A ~7 MB real MP4 (lossless 720p test pattern), more than one 5 MiB S3 part."""
    path = tmp_path_factory.mktemp("clips") / "large.mp4"
    make_large_clip(path, seconds=4)
    return path


def make_large_clip(path: Path, *, seconds: int) -> Path:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error",
         "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-movflags", "+faststart", str(path)],
        check=True,
    )  # fmt: skip
    return path


def body(response) -> dict:
    return json.loads(response.content)

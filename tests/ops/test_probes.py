"""/healthz and /readyz: real checks against the configured services, and against a closed port
for the broker, the search engine and S3 storage (real connection attempts, nothing mocked)."""

import json
import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_ok_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("ops:healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_healthz_answers_a_probe_by_address_when_the_host_is_not_allowed(client, settings, db):
    """Docker calls the container as 127.0.0.1:8000 or web:8000, whatever DJANGO_ALLOWED_HOSTS says."""
    settings.ALLOWED_HOSTS = ["pd.school.example"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("ops:healthz"), HTTP_HOST="web:8000").status_code == 200
    # The rest of the site still refuses that host and redirects to HTTPS.
    assert client.get(reverse("search"), HTTP_HOST="web:8000").status_code == 400


def test_readyz_is_ok_with_every_latency_on_the_configured_services(client, db):
    """On the embedded default (SQLite, filesystem broker, database search, local media) and,
    under `make services`, on PostgreSQL, Redis, OpenSearch and S3."""
    response = client.get(reverse("ops:readyz"))
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "broker", "search", "storage"}
    for name, check in body["checks"].items():
        assert check["status"] == "ok", (name, check)
        assert check["message"] == "ok"
        assert isinstance(check["latency_ms"], float) and check["latency_ms"] >= 0


def test_readyz_names_the_embedded_default_backends(client, settings, db, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    checks = client.get(reverse("ops:readyz")).json()["checks"]
    assert checks["broker"]["backend"] == "filesystem"
    assert checks["search"]["backend"] == "database search"
    assert checks["storage"]["backend"] == "local disk"


def test_readyz_is_503_naming_the_broker_when_it_does_not_answer(client, settings, db, closed_port):
    settings.CELERY_BROKER_URL = f"redis://:secret-pass@127.0.0.1:{closed_port}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get(reverse("ops:readyz"))
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "failed" and body["failed"] == ["broker"]
    message = body["checks"]["broker"]["message"]
    assert message.startswith(f"Cannot reach the broker (redis at 127.0.0.1:{closed_port})")
    assert "Connection refused" in message
    assert "secret-pass" not in json.dumps(body)  # /readyz answers anyone: never a password
    assert body["message"].startswith("Not ready: Cannot reach the broker")
    assert body["checks"]["database"]["status"] == "ok"


def test_readyz_is_503_naming_the_search_engine_when_it_does_not_answer(client, settings, db, closed_port):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch2",
            "URLS": [f"http://127.0.0.1:{closed_port}"],
            "INDEX_PREFIX": "pdsite_test_",
            "TIMEOUT": 1,
        }
    }
    response = client.get(reverse("ops:readyz"))
    body = response.json()
    assert response.status_code == 503
    assert body["failed"] == ["search"]
    assert body["checks"]["search"]["message"] == (
        f"Cannot reach the search engine (opensearch2 at 127.0.0.1:{closed_port}): ConnectionError"
    )


def test_readyz_is_503_naming_storage_when_s3_does_not_answer(client, settings, db, closed_port):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "pdsite-nowhere",
                "endpoint_url": f"http://127.0.0.1:{closed_port}",
                "region_name": "us-east-1",
                "access_key": "pdsite",
                "secret_key": "not-a-real-secret",
            },
        },
    }
    body = client.get(reverse("ops:readyz")).json()
    assert body["failed"] == ["storage"]
    message = body["checks"]["storage"]["message"]
    assert message.startswith(f"Cannot reach media storage (s3 bucket pdsite-nowhere at 127.0.0.1:{closed_port})")
    assert "not-a-real-secret" not in json.dumps(body)


def test_readyz_is_503_when_the_media_folder_cannot_be_written(client, settings, db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    body = client.get(reverse("ops:readyz")).json()
    assert body["failed"] == ["storage"]
    assert body["checks"]["storage"]["message"] == f"Cannot write to the media folder {blocker / 'media'}: Not a directory."


def test_readyz_reports_every_failed_service_at_once(client, settings, db, closed_port):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.opensearch2", "URLS": [f"http://127.0.0.1:{closed_port}"]}
    }
    body = client.get(reverse("ops:readyz")).json()
    assert body["failed"] == ["broker", "search"]

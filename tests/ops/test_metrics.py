"""/metrics: the exposition names every metric and counts real requests, heartbeats and
searches; it answers only METRICS_ALLOWED_IPS or the METRICS_TOKEN bearer token."""

import socket

import pytest
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from pdsite.videos.models import Video
from tests.factories.videos import VideoFactory

METRIC_NAMES = {
    "pdsite_http_request_duration_seconds",
    "pdsite_heartbeat_reports",
    "pdsite_search_duration_seconds",
    "pdsite_search_fallbacks",
    "pdsite_transcode_queue_depth",
    "pdsite_transcode_oldest_waiting_seconds",
    "pdsite_videos_failed",
}


def scrape(client, **extra) -> dict:
    """{(sample name, frozenset(labels)): value} of one real scrape."""
    response = client.get(reverse("ops:metrics"), **extra)
    assert response.status_code == 200, response.content
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples, name, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_exposition_names_every_metric(client, db):
    response = client.get(reverse("ops:metrics"))
    assert response["Content-Type"].startswith("text/plain; version=")
    families = {family.name for family in text_string_to_metric_families(response.content.decode())}
    # A labelled metric with no sample yet still shows its HELP and TYPE lines.
    assert METRIC_NAMES <= families, METRIC_NAMES - families
    assert {"pdsite_xapi_outbox_backlog", "pdsite_xapi_outbox_failed"} <= families  # pdsite/xapi


def test_request_latency_is_counted_by_url_name_not_path(client, db):
    before = scrape(client)
    for _ in range(3):
        client.get(reverse("ops:healthz"))
    client.get("/videos/999999/captions/en.vtt")
    after = scrape(client)
    count = "pdsite_http_request_duration_seconds_count"
    assert value(after, count, view="ops:healthz", method="GET", status="2xx") - value(
        before, count, view="ops:healthz", method="GET", status="2xx"
    ) == 3
    assert not any("999999" in str(labels) for _, labels in after)


def test_heartbeat_reports_are_counted_by_status(sign_in, teacher, db):
    client = sign_in(teacher)
    before = scrape(client)
    client.post(reverse("progress:heartbeat"), {"video": "999999", "ranges": "[[0, 1]]"})
    client.post(reverse("progress:heartbeat"), {"video": "not-an-id"})
    after = scrape(client)
    name = "pdsite_heartbeat_reports_total"
    assert value(after, name, status="404") - value(before, name, status="404") == 1
    assert value(after, name, status="400") - value(before, name, status="400") == 1


def test_queue_depth_oldest_wait_and_failures_come_from_the_video_rows(client, db):
    VideoFactory(status=Video.Status.UPLOADED)
    VideoFactory(status=Video.Status.UPLOADED)
    VideoFactory(status=Video.Status.TRANSCODING)
    VideoFactory(status=Video.Status.FAILED, failure_stage=Video.Stage.PROBE, failure_reason="Not a video.")
    VideoFactory(status=Video.Status.READY)
    oldest = Video.objects.filter(status=Video.Status.UPLOADED).first()
    Video.objects.filter(pk=oldest.pk).update(updated_at=oldest.updated_at.replace(year=oldest.updated_at.year - 1))
    samples = scrape(client)
    assert value(samples, "pdsite_transcode_queue_depth", state="waiting") == 2
    assert value(samples, "pdsite_transcode_queue_depth", state="running") == 1
    assert value(samples, "pdsite_videos_failed", stage="probe") == 1
    assert value(samples, "pdsite_transcode_oldest_waiting_seconds") > 360 * 24 * 3600


def test_search_latency_and_fallback_are_counted(client, settings, clip_library, django_capture_on_commit_callbacks):
    from pdsite.videos.transcripts import services
    from tests.factories.courses import PDVideoPageFactory

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    page = PDVideoPageFactory(parent=clip_library, title="Zero pairs", slug="zero-pairs")
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import(video=page.video, vtt_text="WEBVTT\n\n00:00.000 --> 00:04.000\nZero pairs cancel out.\n")
    before = scrape(client)
    assert client.get(reverse("search"), {"q": "zero pairs"}).status_code == 200
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.opensearch2", "URLS": [f"http://127.0.0.1:{closed}"], "TIMEOUT": 1}
    }
    response = client.get(reverse("search"), {"q": "zero pairs"})
    assert response.context["results"].engine_unavailable
    after = scrape(client)
    count = "pdsite_search_duration_seconds_count"
    assert value(after, count, backend="database") - value(before, count, backend="database") == 2
    assert value(after, "pdsite_search_fallbacks_total") - value(before, "pdsite_search_fallbacks_total") == 1


@pytest.mark.parametrize("address", ["203.0.113.9", "10.0.0.5"])
def test_metrics_are_refused_to_other_addresses_without_the_token(client, settings, db, address):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    settings.METRICS_TOKEN = "scrape-secret"
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_X_FORWARDED_FOR": "127.0.0.1"}):
        response = client.get(reverse("ops:metrics"), REMOTE_ADDR=address, **headers)
        assert response.status_code == 403
        assert "METRICS_ALLOWED_IPS" in response.content.decode()
        assert b"pdsite_" not in response.content


def test_metrics_answer_an_allowed_network_or_the_bearer_token(client, settings, db):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    settings.METRICS_TOKEN = "scrape-secret"
    assert client.get(reverse("ops:metrics"), REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get(reverse("ops:metrics"), REMOTE_ADDR="127.0.0.1").status_code == 403
    scrape(client, REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer scrape-secret")


def test_no_token_is_accepted_when_metrics_token_is_unset(client, settings, db):
    settings.METRICS_ALLOWED_IPS = []
    settings.METRICS_TOKEN = ""
    response = client.get(reverse("ops:metrics"), REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 403

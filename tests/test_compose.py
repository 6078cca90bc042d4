"""docker-compose.yml cannot run here (no Docker engine), so check it against the settings."""

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
# Read by Django itself or by the image's tools rather than by our settings modules
# (PROMETHEUS_MULTIPROC_DIR: by prometheus_client, web only).
READ_OUTSIDE_SETTINGS = {"DJANGO_SETTINGS_MODULE", "PROMETHEUS_MULTIPROC_DIR"}


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _variables_read_by_settings() -> set[str]:
    text = "\n".join(p.read_text() for p in (ROOT / "pdsite" / "settings").glob("*.py"))
    return set(re.findall(r'env(?:_list)?\(\s*"([A-Z0-9_]+)"', text))


def test_every_variable_compose_sets_is_read_by_the_settings():
    compose = _compose()
    read = _variables_read_by_settings() | READ_OUTSIDE_SETTINGS
    for name in ("web", "worker", "beat"):
        environment = compose["services"][name]["environment"]
        unread = set(environment) - read
        assert not unread, f"{name} sets variables no setting reads: {sorted(unread)}"


def test_every_service_the_settings_point_at_is_defined():
    compose = _compose()
    environment = compose["services"]["web"]["environment"]
    services = set(compose["services"])
    for variable in ("DATABASE_URL", "CELERY_BROKER_URL", "PDSITE_SEARCH_URL"):
        host = urlparse(environment[variable]).hostname
        assert host in services, f"{variable} points at {host!r}, which docker-compose.yml does not define"
    assert {"web", "worker", "beat", "postgres", "redis", "search", "s3"} <= services


def test_production_variables_are_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    environment = _compose()["services"]["web"]["environment"]
    for variable in environment:
        assert variable in readme, f"README does not document {variable}"


def test_app_services_run_the_production_settings_and_the_three_processes():
    services = _compose()["services"]
    assert services["web"]["environment"]["DJANGO_SETTINGS_MODULE"] == "pdsite.settings.production"
    assert "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]


def _environment_with_compose_defaults() -> dict[str, str]:
    """web's environment as `docker compose up` gives it when no variable is set on the host:
    ${NAME:-default} takes its default, and a required ${NAME:?...} a stand-in value."""
    resolved = {}
    for name, value in _compose()["services"]["web"]["environment"].items():
        value = re.sub(r"\$\{[A-Z0-9_]+:-([^}]*)\}", r"\1", str(value))
        resolved[name] = re.sub(r"\$\{[A-Z0-9_]+:\?[^}]*\}", "set-on-the-host", value)
    return resolved


def test_compose_defaults_to_secure_cookies_https_and_no_trusted_proxy_header():
    environment = _environment_with_compose_defaults()
    assert environment["DJANGO_SECURE_COOKIES"] == "true"
    names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
             "SECURE_PROXY_SSL_HEADER", "AXES_FAILURE_LIMIT"]
    code = (
        "import json, pdsite.settings.production as s\n"
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "PDSITE_"))}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, **environment},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": None,
        "AXES_FAILURE_LIMIT": 5,
    }


# --- Health checks (issue #16) ------------------------------------------------------------------


def _web_healthcheck_command(base_url: str) -> list[str]:
    """web's health check as the container runs it, pointed at `base_url` instead of its own port."""
    test = _compose()["services"]["web"]["healthcheck"]["test"]
    assert test[0] == "CMD", "the health check runs without a shell (no curl in the image)"
    assert test[1] == "python", "the image has Python, not curl"
    return [sys.executable, *(part.replace("http://127.0.0.1:8000", base_url) for part in test[2:])]


def test_web_health_check_asks_healthz_on_gunicorns_port():
    from django.urls import reverse

    services = _compose()["services"]
    check = services["web"]["healthcheck"]
    assert f"http://127.0.0.1:8000{reverse('ops:healthz')}" in " ".join(check["test"])
    assert "--bind 0.0.0.0:8000" in services["web"]["command"]
    # Longer than migrate + update_index on a first start, so web is not marked unhealthy meanwhile.
    assert check["start_period"].endswith("s") and int(check["start_period"][:-1]) >= 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_web_health_check_passes_on_a_live_server_and_fails_on_a_closed_port(live_server):
    result = subprocess.run(_web_healthcheck_command(live_server.url), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    result = subprocess.run(_web_healthcheck_command(f"http://127.0.0.1:{closed}"), capture_output=True, text=True, timeout=30)
    assert result.returncode != 0


def test_app_services_wait_for_healthy_backing_services_that_define_health_checks():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        for backing in ("postgres", "redis", "search"):
            assert depends[backing]["condition"] == "service_healthy", (name, backing)
            assert "healthcheck" in services[backing], backing
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "_cluster/health" in " ".join(services["search"]["healthcheck"]["test"])


def test_worker_health_check_pings_its_own_celery_node():
    services = _compose()["services"]
    test = " ".join(services["worker"]["healthcheck"]["test"])
    assert "celery -A pdsite inspect ping" in test and "-d celery@$$HOSTNAME" in test


def test_web_shares_metrics_across_gunicorn_workers():
    web = _compose()["services"]["web"]
    folder = web["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    assert folder.startswith("/tmp/")
    # Emptied before gunicorn starts: stale files of an earlier run would add old counts.
    command = web["command"]
    assert command.index("rm -rf $$PROMETHEUS_MULTIPROC_DIR") < command.index("mkdir -p $$PROMETHEUS_MULTIPROC_DIR")
    assert command.index("mkdir -p $$PROMETHEUS_MULTIPROC_DIR") < command.index("gunicorn")
    # The worker and beat serve no /metrics: they keep the single-process registry.
    for name in ("worker", "beat"):
        assert "PROMETHEUS_MULTIPROC_DIR" not in _compose()["services"][name]["environment"]

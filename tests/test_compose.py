"""docker-compose.yml cannot run here (no Docker engine), so check it against the settings."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]
# Read by Django itself or by the image's tools rather than by our settings modules.
READ_OUTSIDE_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


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

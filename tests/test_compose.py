"""docker-compose.yml cannot run here (no Docker engine), so check it against the settings."""

import re
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

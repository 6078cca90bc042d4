"""One migrated PostgreSQL database for the whole run, copied for each test database.

Migrating takes most of a minute; copying a database is about a second. So the run migrates a
*template* once, named after a hash of every migration file and the pinned packages (a new
migration or a new Wagtail makes a new template), and each test database (one per
pytest-xdist worker) is created from it with ``CREATE DATABASE … TEMPLATE``. Django still runs
``migrate`` on the copy, which finds nothing to do.

The template is built under a temporary name and renamed when complete, so a run that is
killed half-way never leaves a half-migrated template behind, and two runs building at once
both end with the same one. Older templates of this checkout's server are dropped.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "pdsite_tpl_"


def migrations_hash() -> str:
    """A short hash of every migration file and the package pins: what a migrated database depends on."""
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("pdsite/*/migrations/*.py")) + [ROOT / "constraints.txt"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True)


def _exists(connection: psycopg.Connection, name: str) -> bool:
    return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _drop(connection: psycopg.Connection, name: str) -> None:
    connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def ensure_template(database_url: str) -> str:
    """The name of a fully migrated template on the server of ``database_url``, built if missing."""
    name = f"{PREFIX}{migrations_hash()}"
    with _admin(database_url) as admin:
        if _exists(admin, name):
            return name
        building = f"{name}_{os.getpid()}"
        _drop(admin, building)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
    try:
        _migrate(urlunsplit(urlsplit(database_url)._replace(path=f"/{building}")))
        with _admin(database_url) as admin:
            if _exists(admin, name):  # another run finished first: use that one
                _drop(admin, building)
            else:
                admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(*map(sql.Identifier, (building, name))))
            for (old,) in admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{PREFIX}%"]):
                if old != name and not old.startswith(f"{name}_"):
                    _drop(admin, old)
    except BaseException:
        with _admin(database_url) as admin:
            _drop(admin, building)
        raise
    return name


def _migrate(url: str) -> None:
    """``manage.py migrate`` in a fresh process (some migrations choose their SQL when imported)."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "pdsite.settings.test"}
    env.pop("PYTEST_XDIST_WORKER", None)
    completed = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if completed.returncode:
        raise RuntimeError(f"migrating the template database failed:\n{completed.stderr[-3000:]}")

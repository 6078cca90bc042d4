"""Migrated databases without migrating each time: a benchmark's throwaway database is a copy.

Migrating from nothing takes a minute or more on a busy 2-core machine, longer than a
``--quick`` run may take altogether. The migrations only change when their files do, so
the migrated database is kept once per *fingerprint* of them and copied for every run:

- ``migrated_sqlite(path)``: the harness's SQLite database, copied from
  ``.cache/benchmarks/sqlite-<fingerprint>.sqlite3`` (made by migrating on the first run);
- ``migrated_postgres(server_url, name=...)``: a throwaway PostgreSQL database created with
  ``CREATE DATABASE … TEMPLATE <server database>_bench_template_<fingerprint>``, the
  template migrated on the first run; templates of older fingerprints are dropped then.

The fingerprint hashes every migration file of every installed app (pdsite's, Django's,
Wagtail's…) with the Django and Wagtail versions, so a changed or added migration, or an
upgrade, makes a fresh one. Call after ``django.setup()``.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import django
import psycopg
import wagtail
from django.apps import apps
from psycopg import sql

from ._support import _with_database, database_name, progress, throwaway_postgres

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = ROOT / ".cache" / "benchmarks"
TEMPLATE_INFIX = "_bench_template_"
COPY_ATTEMPTS = 5  # CREATE DATABASE … TEMPLATE fails while another session reads the template


@cache
def migrations_fingerprint() -> str:
    """12 hex digits naming the state every installed app's migration files describe."""
    digest = hashlib.sha1(f"django {django.__version__} wagtail {wagtail.__version__}".encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
            digest.update(f"{config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def migrated_sqlite(path: Path, *, migrate: Callable[[], None]) -> None:
    """Make ``path`` (the SQLite file the default connection names, not yet opened) a
    migrated database: a copy of the cached one, or, the first time, ``migrate()`` it and
    cache the result (written under a temporary name, then renamed, so a half-made copy
    is never taken for a cached one)."""
    cached = CACHE_DIR / f"sqlite-{migrations_fingerprint()}.sqlite3"
    if cached.is_file():
        progress(f"copying the migrated SQLite database {cached.name}")
        shutil.copyfile(cached, path)
        return
    progress("migrating a throwaway SQLite database (kept for the next run)")
    migrate()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for old in CACHE_DIR.glob("sqlite-*.sqlite3"):
        old.unlink(missing_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.partial")
    shutil.copyfile(path, partial)
    partial.replace(cached)


@contextmanager
def migrated_postgres(server_url: str, *, name: str) -> Iterator[str]:
    """Create database ``name`` on the server of ``server_url`` as a copy of the migrated
    template, and drop it afterwards (even when the benchmark fails); yields its URL."""
    template = migrated_template(server_url)
    admin_url = _with_database(server_url, "postgres")
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    create = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(drop)
        for attempt in range(COPY_ATTEMPTS):
            try:
                connection.execute(create)
                break
            except psycopg.errors.ObjectInUse:
                if attempt == COPY_ATTEMPTS - 1:
                    raise
                time.sleep(0.5 * (attempt + 1))
    try:
        yield _with_database(server_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(drop)


def migrated_template(server_url: str) -> str:
    """The migrated template's name, migrating it first when the server has none."""
    prefix = f"{database_name(server_url)}{TEMPLATE_INFIX}"
    template = f"{prefix}{migrations_fingerprint()}"
    admin_url = _with_database(server_url, "postgres")
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        names = [row[0] for row in connection.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix]
        )]
        if template in names:
            return template
        for stale in [n for n in names if _is_stale(n, template)]:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(stale)))
    building = f"{template}_{os.getpid()}"
    progress(f"migrating the template database {template} (once per set of migrations)")
    with throwaway_postgres(server_url, name=building) as url:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "pdsite.settings.dev"}
        # A fresh process: some migrations pick their SQL when imported.
        subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT, env=env, check=True)
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
            try:
                connection.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(building), sql.Identifier(template))
                )
            except psycopg.errors.DuplicateDatabase:
                pass  # another run made it meanwhile; ours is dropped on leaving
    return template


def _is_stale(name: str, template: str) -> bool:
    """A template of other migrations, or a half-migrated one whose run is gone."""
    if not name.startswith(template):
        return True
    pid = name.removeprefix(f"{template}_")
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    return False

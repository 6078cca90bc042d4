"""Running some tests again as the embedded default (SQLite, no search engine), in a child pytest.

The child's test database is a copy of a migrated SQLite file kept between runs
(benchmarks/_migrated.py), which the child reuses instead of migrating one from nothing.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD_VARIABLE = "PDSITE_EMBEDDED_CHILD"
# pytest.ini's options without --create-db, so the child keeps the copied database.
CHILD_OPTIONS = ["-o", "addopts=--import-mode=importlib -ra --strict-markers", "--reuse-db"]


def in_embedded_child() -> bool:
    return os.environ.get(CHILD_VARIABLE) == "1"


def _embedded_environment(tmp_path: Path) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        # Not CI either: under CI=true the settings refuse to run without the services, and
        # this child is deliberately the embedded default (SQLite, no engine).
        if name not in {"DATABASE_URL", "PDSITE_SEARCH_URL", "CI"} and not name.startswith("PYTEST_")
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'embedded.sqlite3'}", PDSITE_SEARCH_URL="", **{CHILD_VARIABLE: "1"}
    )
    return environment


def _migrated_test_database(tmp_path: Path, environment: dict[str, str]) -> Path:
    """A migrated SQLite file for the child's test database: copied from the cache, or migrated once."""
    from benchmarks._migrated import migrated_sqlite

    path = tmp_path / "embedded-test.sqlite3"

    def migrate() -> None:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            cwd=ROOT, env={**environment, "DATABASE_URL": f"sqlite:///{path}"}, check=True, timeout=600,
        )  # fmt: skip

    migrated_sqlite(path, migrate=migrate)
    return path


def run_on_embedded_default(arguments: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """pytest `arguments` (node ids, -k ...) on a migrated SQLite database with no engine configured."""
    environment = _embedded_environment(tmp_path)
    environment["PDSITE_TEST_SQLITE_NAME"] = str(_migrated_test_database(tmp_path, environment))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CHILD_OPTIONS, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

"""Running some tests again as the embedded default (SQLite, no search engine), in a child pytest."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD_VARIABLE = "PDSITE_EMBEDDED_CHILD"


def in_embedded_child() -> bool:
    return os.environ.get(CHILD_VARIABLE) == "1"


def run_on_embedded_default(arguments: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """pytest `arguments` (node ids, -k ...) on a fresh SQLite database with no engine configured."""
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
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

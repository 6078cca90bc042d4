"""The database-backend tests of links and spelling again on SQLite FTS5, the embedded default."""

import pytest
from django.db import connection

from tests.support.embedded import in_embedded_child, run_on_embedded_default

MODULES = ["tests/search/test_moment_links.py", "tests/search/test_spelling.py"]


@pytest.mark.skipif(in_embedded_child(), reason="already the SQLite run")
def test_links_and_spelling_hold_on_sqlite_fts5_when_run_as_the_embedded_default(db, tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("the test database is SQLite already: those modules ran on FTS5")
    completed = run_on_embedded_default([*MODULES, "-k", "not engine"], tmp_path)
    output = completed.stdout[-4000:] + completed.stderr[-2000:]
    assert completed.returncode == 0, output
    assert " passed" in completed.stdout and "skipped" not in completed.stdout, output

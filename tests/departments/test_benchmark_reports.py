"""`python -m benchmarks reports --quick`, run as developers run it (shape only, not times)."""

import json

import pytest

from tests.conftest import require_service
from tests.test_benchmarks import _benchmarks

pytestmark = [pytest.mark.slow, pytest.mark.service]


def test_reports_benchmark_prints_json_with_query_counts_when_run_quick():
    require_service("DATABASE_URL", "PostgreSQL")
    completed = _benchmarks("reports", "--quick", timeout=900)
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["benchmark"] == "reports"
    assert set(result["reports"]) == {"department_grid", "workshop_roster", "school_uptake"}
    for report in result["reports"].values():
        assert report["queries"] <= 8 and report["queries_constant"]
    assert isinstance(result["ok"], bool)

"""Benchmarks: ``python -m benchmarks NAME [--quick]``; ``python -m benchmarks --list``.

A benchmark is a module in this package (its name not starting with "_") that
defines ``run(quick: bool) -> dict``. ``--quick`` asks for a shorter run of the
same measurement, for tests and a first look.

The harness (``__main__``) gives every benchmark a throwaway embedded default
(a fresh SQLite database, migrated; media in a temporary folder; database
search; an in-memory Celery broker), so a run never touches a developer's data
or the test services. Progress goes to stderr; the result dict is printed as
one JSON object on the last line of stdout.

Every result holds at least ``"benchmark"`` (its name), the measured figures,
the baselines measured in the same run, their ratios, ``"goal"`` (each goal by
the name of the figure it applies to, e.g. ``{"overhead": "<= 0.10"}``) and
``"ok"`` (whether every goal was met). A missed goal is a result, not an
error: the exit code is non-zero only when the benchmark itself crashed.
"""

import pkgutil
from pathlib import Path

__all__ = ["benchmark_names"]


def benchmark_names() -> list[str]:
    """The benchmarks that can be run, by module name, sorted."""
    return sorted(
        module.name
        for module in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not module.name.startswith("_")
    )

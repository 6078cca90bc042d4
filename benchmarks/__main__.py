"""``python -m benchmarks NAME [--quick] [--lesson] [--large]`` runs one benchmark; ``--list`` lists them.

See the package docstring for what a benchmark is and what its result holds.
"""

import argparse
import importlib
import json
import os
import tempfile
from pathlib import Path

import django
from django.core.management import call_command

from . import benchmark_names
from ._migrated import migrated_sqlite
from ._support import use_throwaway_site

LESSON_BENCHMARKS = ("transcode",)
LARGE_BENCHMARKS = ("search",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run one benchmark and print its result as JSON on the last line of stdout.",
    )
    parser.add_argument("name", nargs="?", help="the benchmark to run (see --list)")
    parser.add_argument("--quick", action="store_true", help="a shorter run of the same measurement")
    parser.add_argument(
        "--lesson", action="store_true", help="transcode: a 10-minute 720p30 lesson recording with speech"
    )
    parser.add_argument(
        "--large", action="store_true", help="search: also 2,000,000 segments, for growth (hours; not in CI)"
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)

    names = benchmark_names()
    if args.list:
        for name in names:
            print(name)
        return 0
    if args.name is None:
        parser.error("name a benchmark to run, or use --list")
    if args.name not in names:
        parser.error(f"no benchmark named {args.name!r}; there are: {', '.join(names)}")
    options = {"lesson": True} if args.lesson else {}
    if args.large:
        options["large"] = True
    if args.large and args.name not in LARGE_BENCHMARKS:
        parser.error(f"--large is for {', '.join(LARGE_BENCHMARKS)} only")
    if args.lesson and args.name not in LESSON_BENCHMARKS:
        parser.error(f"--lesson is for {', '.join(LESSON_BENCHMARKS)} only")

    with tempfile.TemporaryDirectory(prefix=f"pdsite-benchmark-{args.name}-") as workdir:
        use_throwaway_site(Path(workdir))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdsite.settings.dev")
        django.setup()
        benchmark = importlib.import_module(f"{__package__}.{args.name}")
        # A benchmark that makes its own database (heartbeat) says so: even copying one it
        # never uses is wasted time.
        if getattr(benchmark, "USES_HARNESS_DATABASE", True):
            migrated_sqlite(
                Path(workdir) / "db.sqlite3", migrate=lambda: call_command("migrate", interactive=False, verbosity=0)
            )
        result = benchmark.run(quick=args.quick, **options)

    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The one reader of ``.services.env``: the ``KEY=VALUE`` lines ``make services``
(scripts/services.sh) writes with the test services' addresses.

Pure (no Django, nothing set): the test settings copy these into the environment, and the
benchmarks read from them the servers they make their throwaway databases and indexes on.
"""

from pathlib import Path

SERVICES_ENV = Path(__file__).resolve().parents[2] / ".services.env"


def read_services_env(path: Path = SERVICES_ENV) -> dict[str, str]:
    """The variables in ``path``, by name; {} when there is no such file.

    Blank lines, lines without ``=`` and ``#`` comments are skipped; values are taken as
    written (the file holds no quoting).
    """
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, sep, value = line.strip().partition("=")
            if sep and not key.startswith("#"):
                values[key] = value
    return values

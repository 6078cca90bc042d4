#!/usr/bin/env bash
# `make test`: the whole suite (unit, service and browser tests) against the services that
# `make services` started. pytest's exit code 5 ("no tests collected") is a failure here.
set -uo pipefail
cd "$(dirname "$0")/.."

set -a
# shellcheck disable=SC1091
[ -f .services.env ] && . ./.services.env
set +a
export DJANGO_SETTINGS_MODULE=pdsite.settings.test

# In parallel (pytest-xdist): each worker process has its own test database, Redis database,
# search index prefix and S3 bucket (pdsite/settings/test.py). Three on two cores, since much
# of a test's time is spent waiting on a browser, a worker or a service. PDSITE_TEST_WORKERS=0
# runs everything in this one process. Tests are handed out one at a time in the order
# tests/conftest.py gives them (the longest first where the database allows), so no long
# test starts last on its own. --durations lists the slowest tests (issue #17).
.venv/bin/python -m pytest -n "${PDSITE_TEST_WORKERS:-3}" --dist load --maxschedchunk 1 --durations=30 "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "test: pytest collected no tests; that is a failure" >&2
  exit 1
fi
exit "$status"

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

# The slowest tests, for the CI-time work (issue #17).
.venv/bin/python -m pytest --durations=30 "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "test: pytest collected no tests; that is a failure" >&2
  exit 1
fi
exit "$status"

#!/usr/bin/env bash
# `make run`: the embedded default (SQLite, database search, local media, filesystem broker).
# Migrates, loads the demo seed, then runs the web server and a real Celery worker until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=pdsite.settings.dev
# The embedded default must not pick up the test services' variables by accident.
unset DATABASE_URL CELERY_BROKER_URL PDSITE_SEARCH_URL AWS_STORAGE_BUCKET_NAME
PY=.venv/bin/python

mkdir -p .cache/broker/queue .cache/broker/processed media
$PY manage.py migrate --noinput
$PY manage.py seed_demo

# Stop both processes together: Ctrl-C, the worker dying or the server dying.
cleanup() { trap - INT TERM EXIT; kill 0 2>/dev/null || true; }
trap cleanup INT TERM EXIT

.venv/bin/celery -A pdsite worker -Q transcode,transcripts,default --loglevel=INFO --concurrency=1 --without-gossip --without-mingle &
$PY manage.py runserver 127.0.0.1:8000 --noreload &
echo "run: http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/); Ctrl-C stops the server and the worker"
wait -n

#!/usr/bin/env bash
# The real backing services of the test suite, on loopback only:
#   PostgreSQL 127.0.0.1:54329, Redis 127.0.0.1:63799,
#   OpenSearch 127.0.0.1:9201, s3proxy (S3 API) 127.0.0.1:9444,
#   an OpenID Connect provider (npm oidc-provider, scripts/oidc_provider.mjs) 127.0.0.1:9400.
# Usage: scripts/services.sh start|stop|status
#   start  starts whatever is not already answering, waits until all answer and
#          writes .services.env (KEY=VALUE lines read by the test settings).
# Data lives in .cache/services/<name>/, logs in .cache/services/<name>.log.
# Needs the packages and jars installed by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SVC=$ROOT/.cache/services
ENV_FILE=$ROOT/.services.env

PG_PORT=54329
PG_USER=pdsite
PG_PASSWORD=pdsite
PG_DB=pdsite
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PGDATA=$SVC/postgres/data
# Unix socket paths are limited to ~107 bytes; very deep checkouts use /tmp.
PG_RUN=$SVC/postgres/run
[ ${#PG_RUN} -le 80 ] || PG_RUN=/tmp/pdsite-pg-$(printf %s "$ROOT" | sha256sum | cut -c1-12)

REDIS_PORT=63799

# OpenSearchRunner gives node N the HTTP port -baseHttpPort + N, so one node on
# base 9200 listens on 9201. If that port is taken the runner silently moves on
# to 9202, so start refuses to launch it while 9201 is busy.
OS_MAIN=org.codelibs.opensearch.runner.OpenSearchRunner
OS_BASE_PORT=9200
OS_PORT=$((OS_BASE_PORT + 1))
OS_CLUSTER=pdsite-test
OS_WAIT=120

S3_MAIN=org.gaul.s3proxy.Main
S3_PORT=9444
S3_BUCKET=pdsite-test
S3_KEY=pdsite-test
S3_SECRET=pdsite-test-secret

say() { echo "services: $*"; }
die() { echo "services: ERROR: $*" >&2; exit 1; }

log_of() { echo "$SVC/$1.log"; }

# show_log_and_die NAME MESSAGE
show_log_and_die() {
    echo "services: ERROR: $2" >&2
    echo "services: last 40 lines of $(log_of "$1"):" >&2
    tail -n 40 "$(log_of "$1")" >&2 2>/dev/null || true
    exit 1
}

# wait_until NAME SECONDS CHECK [PID]: poll CHECK once a second; fail with the
# log on timeout, or at once when the process PID has exited.
wait_until() {
    local name=$1 seconds=$2 check=$3 pid=${4:-} i
    for ((i = 0; i < seconds; i++)); do
        "$check" && return 0
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            "$check" && return 0
            show_log_and_die "$name" "$name exited while starting"
        fi
        sleep 1
    done
    "$check" && return 0
    show_log_and_die "$name" "$name did not answer within ${seconds}s"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Directories the postgres OS user must reach need to be traversable.
make_dirs() {
    mkdir -p "$SVC"
    chmod a+rx "$ROOT/.cache" "$SVC"
}

# --- processes started with a pid file (the two Java servers) ---------------

pid_file() { echo "$SVC/$1/$1.pid"; }
recorded_pid() { cat "$(pid_file "$1")" 2>/dev/null || true; }

# running_pid NAME MAIN_CLASS: print the pid if that process is still ours.
running_pid() {
    local file pid cmdline
    file=$(pid_file "$1")
    [ -f "$file" ] || return 1
    pid=$(cat "$file")
    [ -n "$pid" ] || return 1
    # The pid may have been reused after a reboot: check it is our main class.
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
    [[ $cmdline == *"$2"* ]] || return 1
    echo "$pid"
}

# launch_java NAME MAIN_CLASS JVM_OPTIONS... -- MAIN_ARGS...: start in the
# background, in its own session so that ^C in `make` does not kill it, and
# record the pid. Each start begins a fresh log.
launch_java() {
    local name=$1 main=$2 jvm_opts=()
    shift 2
    while [ "$1" != -- ]; do
        jvm_opts+=("$1")
        shift
    done
    shift
    [ -n "$(ls -A "$ROOT/.cache/$name/lib" 2>/dev/null)" ] ||
        die "no jars in .cache/$name/lib; run scripts/setup.sh first"
    mkdir -p "$SVC/$name"
    setsid nohup java "${jvm_opts[@]}" -cp "$ROOT/.cache/$name/lib/*" "$main" "$@" \
        >"$(log_of "$name")" 2>&1 </dev/null 9>&- &
    echo $! >"$(pid_file "$name")"
}

# stop_java NAME MAIN_CLASS: SIGTERM (both servers shut down cleanly on it),
# SIGKILL after 30 s.
stop_java() {
    local name=$1 pid i
    if pid=$(running_pid "$1" "$2"); then
        kill "$pid" 2>/dev/null || true
        for ((i = 0; i < 30; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        say "$name stopped"
    else
        say "$name was not running"
    fi
    rm -f "$(pid_file "$name")"
}

# --- PostgreSQL -------------------------------------------------------------

# Root cannot run the server: it runs as the postgres OS user. A non-root
# developer runs it as themselves.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
chown_pg() { if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$@"; fi; }

pg_sql() {
    as_pg "$PG_BIN/psql" -h "$PG_RUN" -p "$PG_PORT" -U postgres -d postgres \
        -v ON_ERROR_STOP=1 -qAt "$@"
}
pg_running() { as_pg "$PG_BIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; }
# The real check: the app's own credentials work over TCP.
pg_answers() {
    PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" \
        -U "$PG_USER" -d "$PG_DB" -qAtc 'SELECT 1' >/dev/null 2>&1
}

pg_prepare() {
    [ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL binaries not found in $PG_BIN; run scripts/setup.sh"
    mkdir -p "$SVC/postgres" "$PG_RUN"
    chmod a+rx "$SVC/postgres"
    touch "$(log_of postgres)"
    chown_pg "$SVC/postgres" "$PG_RUN" "$(log_of postgres)"
    as_pg test -w "$SVC/postgres" ||
        die "the postgres OS user cannot write $SVC/postgres; make every parent directory of the checkout world-traversable (chmod o+x)"
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        say "postgres: creating cluster in ${PGDATA#"$ROOT"/}"
        # Passwords over TCP (what the app uses); trust on our private socket
        # for the administrative steps below.
        as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --no-locale -E UTF8 \
            --auth-local=trust --auth-host=scram-sha-256 >>"$(log_of postgres)" 2>&1 ||
            show_log_and_die postgres "initdb failed"
        echo "include_if_exists = 'pdsite.conf'" | as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null
    fi
    # Rewritten on each start so changes here apply; durability is pointless
    # for throw-away test data, speed is not.
    as_pg tee "$PGDATA/pdsite.conf" >/dev/null <<EOF
# Written by scripts/services.sh on every start.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

pg_ensure_user_and_db() {
    pg_sql <<EOF
SELECT 'CREATE ROLE $PG_USER' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER')
\gexec
-- Superuser: the tests create and drop their test databases and extensions.
ALTER ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD';
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')
\gexec
EOF
}

pg_start() {
    pg_prepare
    if ! pg_running; then
        port_busy "$PG_PORT" && die "port $PG_PORT is taken by another process; cannot start postgres"
        as_pg "$PG_BIN/pg_ctl" start -D "$PGDATA" -l "$(log_of postgres)" -w -t 60 -s 9>&- ||
            show_log_and_die postgres "pg_ctl start failed"
    fi
    # Idempotent and cheap, so also run when the server was already up.
    pg_ensure_user_and_db || show_log_and_die postgres "could not create role/database $PG_USER"
    wait_until postgres 30 pg_answers
    say "postgres up on 127.0.0.1:$PG_PORT"
}

pg_stop() {
    if pg_running; then
        as_pg "$PG_BIN/pg_ctl" stop -D "$PGDATA" -m fast -w -s
        say "postgres stopped"
    else
        say "postgres was not running"
    fi
}

# --- Redis ------------------------------------------------------------------

redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_start() {
    mkdir -p "$SVC/redis"
    if ! redis_answers; then
        port_busy "$REDIS_PORT" && die "port $REDIS_PORT is taken by another process; cannot start redis"
        # A broker for tests: no persistence at all.
        redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
            --dir "$SVC/redis" --pidfile "$SVC/redis/redis.pid" --logfile "$(log_of redis)" \
            --save '' --appendonly no 9>&- ||
            show_log_and_die redis "redis-server failed to start"
        wait_until redis 20 redis_answers
    fi
    say "redis up on 127.0.0.1:$REDIS_PORT"
}

redis_stop() {
    if redis_answers; then
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        say "redis stopped"
    else
        say "redis was not running"
    fi
}

# --- OpenSearch -------------------------------------------------------------

os_answers() {
    local health
    health=$(curl -fsS -m 5 "http://127.0.0.1:$OS_PORT/_cluster/health" 2>/dev/null) || return 1
    [[ $health == *"\"cluster_name\":\"$OS_CLUSTER\""* ]] &&
        [[ $health =~ \"status\":\"(green|yellow)\" ]]
}

os_write_config() {
    mkdir -p "$SVC/opensearch/config"
    # The runner passes its own settings (paths, http.port, cluster name) on
    # top of this file; these are the ones it has no option for.
    cat >"$SVC/opensearch/config/opensearch.yml" <<'EOF'
# Written by scripts/services.sh on every start.
network.host: 127.0.0.1
discovery.type: single-node
# Never turn indices read-only because the developer's disk is nearly full.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
}

# Launch only; os_wait waits, so the JVM boots while the other services start.
os_launch() {
    os_answers && return 0
    running_pid opensearch "$OS_MAIN" >/dev/null && return 0   # still booting
    port_busy "$OS_PORT" && die "port $OS_PORT is taken by something that is not our OpenSearch"
    os_write_config
    # No security plugin is on the classpath: plain HTTP, no auth.
    launch_java opensearch "$OS_MAIN" -Xms512m -Xmx1g -Djava.awt.headless=true -- \
        -basePath "$SVC/opensearch" -confPath "$SVC/opensearch/config" \
        -numOfNode 1 -baseHttpPort "$OS_BASE_PORT" -clusterName "$OS_CLUSTER"
}

os_wait() {
    wait_until opensearch "$OS_WAIT" os_answers "$(recorded_pid opensearch)"
    say "opensearch up on 127.0.0.1:$OS_PORT"
}

# --- s3proxy ----------------------------------------------------------------

# Any S3-style XML answer (anonymous requests get AccessDenied) means it is up.
s3_answers() {
    local body
    body=$(curl -s -m 3 "http://127.0.0.1:$S3_PORT/" 2>/dev/null) || return 1
    [[ $body == *"<Code>"* ]]
}

s3_write_config() {
    cat >"$SVC/s3proxy/s3proxy.conf" <<EOF
# Written by scripts/services.sh on every start.
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_KEY
s3proxy.credential=$S3_SECRET
# Browsers fetch HLS segments straight from here with presigned URLs.
s3proxy.cors-allow-all=true
# boto3 >= 1.36 sends x-amz-checksum-crc32 etc. by default, which s3proxy 2.6
# rejects as NotImplemented (gaul/s3proxy#765); it need not verify them.
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.identity=$S3_KEY
jclouds.credential=$S3_SECRET
jclouds.filesystem.basedir=$SVC/s3proxy/data
EOF
    # The jar ships no logback config, and logback's default is DEBUG for
    # everything (hundreds of KB per minute).
    cat >"$SVC/s3proxy/logback.xml" <<'EOF'
<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
EOF
}

s3_launch() {
    # With the filesystem backend a bucket is a directory under basedir.
    mkdir -p "$SVC/s3proxy/data/$S3_BUCKET"
    s3_answers && return 0
    running_pid s3proxy "$S3_MAIN" >/dev/null && return 0   # still booting
    port_busy "$S3_PORT" && die "port $S3_PORT is taken by something that is not s3proxy"
    s3_write_config
    launch_java s3proxy "$S3_MAIN" -Xmx256m -Djava.awt.headless=true \
        -Dlogback.configurationFile="$SVC/s3proxy/logback.xml" -- \
        --properties "$SVC/s3proxy/s3proxy.conf"
}

s3_wait() {
    wait_until s3proxy 60 s3_answers "$(recorded_pid s3proxy)"
    say "s3proxy up on 127.0.0.1:$S3_PORT (bucket $S3_BUCKET)"
}

# --- OpenID Connect provider (single sign-on tests, issue #16) --------------

OIDC_MAIN=scripts/oidc_provider.mjs
OIDC_PORT=9400

oidc_answers() { curl -fsS -m 3 "http://127.0.0.1:$OIDC_PORT/.well-known/openid-configuration" 2>/dev/null | grep -q '"issuer"'; }

oidc_launch() {
    oidc_answers && return 0
    running_pid oidc "$OIDC_MAIN" >/dev/null && return 0   # still booting
    port_busy "$OIDC_PORT" && die "port $OIDC_PORT is taken by something that is not our OpenID provider"
    [ -d "$ROOT/node_modules/oidc-provider" ] || die "no node_modules/oidc-provider; run scripts/setup.sh first"
    mkdir -p "$SVC/oidc"
    PDSITE_OIDC_TEST_PORT=$OIDC_PORT setsid nohup node "$ROOT/$OIDC_MAIN" >"$(log_of oidc)" 2>&1 </dev/null 9>&- &
    echo $! >"$(pid_file oidc)"
}

oidc_wait() {
    wait_until oidc 30 oidc_answers "$(recorded_pid oidc)"
    say "oidc-provider up on 127.0.0.1:$OIDC_PORT"
}

# --- commands ---------------------------------------------------------------

write_env_file() {
    cat >"$ENV_FILE.tmp" <<EOF
DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB
CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0
PDSITE_SEARCH_URL=http://127.0.0.1:$OS_PORT
PDSITE_SEARCH_BACKEND=opensearch2
AWS_ACCESS_KEY_ID=$S3_KEY
AWS_SECRET_ACCESS_KEY=$S3_SECRET
AWS_STORAGE_BUCKET_NAME=$S3_BUCKET
AWS_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
AWS_S3_REGION_NAME=us-east-1
PDSITE_SSO_OIDC_SERVER_URL=http://127.0.0.1:$OIDC_PORT
PDSITE_SSO_OIDC_CLIENT_ID=pdsite-test
PDSITE_SSO_OIDC_SECRET=pdsite-test-oidc-secret
EOF
    mv "$ENV_FILE.tmp" "$ENV_FILE"
    say "wrote ${ENV_FILE#"$ROOT"/}"
}

cmd_start() {
    local t0=$SECONDS
    make_dirs
    os_launch   # the JVMs take longest: launch them first, wait for them last
    s3_launch
    oidc_launch
    pg_start
    redis_start
    os_wait
    s3_wait
    oidc_wait
    write_env_file
    say "all up ($((SECONDS - t0))s)"
}

cmd_stop() {
    pg_stop
    redis_stop
    stop_java opensearch "$OS_MAIN"
    stop_java s3proxy "$S3_MAIN"
    stop_java oidc "$OIDC_MAIN"   # a node process, stopped the same way (SIGTERM, then SIGKILL)
}

# status_line NAME ADDRESS CHECK
status_line() {
    if "$3"; then say "$1 up on $2"; else say "$1 down"; fi
}

cmd_status() {
    status_line postgres "127.0.0.1:$PG_PORT" pg_answers
    status_line redis "127.0.0.1:$REDIS_PORT" redis_answers
    status_line opensearch "127.0.0.1:$OS_PORT" os_answers
    status_line s3proxy "127.0.0.1:$S3_PORT" s3_answers
    status_line oidc-provider "127.0.0.1:$OIDC_PORT" oidc_answers
}

# Two `make test` runs at once must not both launch the same server. The
# servers started below get `9>&-` so that they do not inherit (and keep
# holding) this lock.
lock() {
    mkdir -p "$SVC"
    exec 9>"$SVC/.lock"
    flock -w 300 9 || die "another scripts/services.sh is still running"
}

case "${1:-}" in
start) lock && cmd_start ;;
stop) lock && cmd_stop ;;
status) cmd_status ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac

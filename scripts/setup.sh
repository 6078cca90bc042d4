#!/usr/bin/env bash
# Installs everything `make run` and `make test` need: Debian packages, the
# virtualenv, the npm packages and the jars of the test services.
# Idempotent: each step is skipped when a stamp (a hash of its inputs) matches,
# so a second run only checks and prints "nothing changed".
# Downloads land in git-ignored folders: .venv/, node_modules/, .cache/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STAMPS=$ROOT/.cache/stamps

# speech-dispatcher: the audio description browser test hears Chromium speak through it.
APT_PACKAGES=(postgresql redis-server ffmpeg espeak-ng chromium fonts-dejavu-core
              speech-dispatcher speech-dispatcher-espeak-ng speech-dispatcher-audio-plugins)
JAVA_MIN_MAJOR=11   # the OpenSearch and s3proxy jars are Java 11 class files

CHANGED=0

say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }
changed() { CHANGED=1; say "$*"; }

# --- stamps -----------------------------------------------------------------

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
stamp_matches() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
write_stamp() { mkdir -p "$STAMPS"; printf '%s\n' "$2" >"$STAMPS/$1"; }

# --- 1. Debian packages -----------------------------------------------------

is_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

# We run our own PostgreSQL cluster (scripts/services.sh), so tell
# postgresql-common not to create (and, under systemd, auto-start) the default
# "main" cluster. An already existing main cluster is left alone: it listens
# on 5432 and ours on 54329, so it cannot get in the way.
skip_default_pg_cluster() {
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/pdsite.conf
}

install_debian_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: missing Debian packages: ${missing[*]}" >&2
        echo "setup: install them as root, then run make setup again:" >&2
        echo "    sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    command -v apt-get >/dev/null || die "apt-get not found; install by hand: ${missing[*]}"

    is_installed postgresql || skip_default_pg_cluster
    changed "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# --- 5. tools that must already be on the machine ---------------------------

java_major() {
    # `java -version` prints e.g. openjdk version "17.0.15" (or "1.8.0_392").
    java -version 2>&1 | sed -n 's/.*version "\([0-9.]*\).*/\1/p' | head -n1 |
        awk -F. '{ print ($1 == 1) ? $2 : $1 }'
}

check_tools() {
    local tool missing=()
    for tool in python3 node npm java mvn; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    [ ${#missing[@]} -eq 0 ] ||
        die "not found on PATH: ${missing[*]} (need Python 3, Node.js with npm, a JDK >= $JAVA_MIN_MAJOR and Maven)"
    local major
    major=$(java_major)
    [ -n "$major" ] && [ "$major" -ge "$JAVA_MIN_MAJOR" ] ||
        die "java ${major:-?} is too old; the service jars need Java >= $JAVA_MIN_MAJOR"
}

# --- 2. Python virtualenv ---------------------------------------------------

setup_python() {
    local want
    want=$(hash_of requirements.txt requirements-dev.txt constraints.txt)
    if .venv/bin/python -c '' 2>/dev/null && stamp_matches pip "$want"; then
        return 0
    fi
    if ! .venv/bin/python -c '' 2>/dev/null; then
        changed "creating .venv"
        # --clear: a broken .venv (e.g. its python was removed) is rebuilt.
        python3 -m venv --clear .venv ||
            die "python3 -m venv failed (Debian's python3 needs: apt-get install python3-venv)"
    fi
    changed "installing Python packages (requirements-dev.txt)"
    .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
    write_stamp pip "$want"
}

# --- 3. npm packages --------------------------------------------------------

setup_node() {
    local want
    want=$(hash_of package-lock.json)
    if [ -d node_modules ] && stamp_matches npm "$want"; then
        return 0
    fi
    changed "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    write_stamp npm "$want"
}

# --- 4. jars of the test services (OpenSearch, s3proxy) ---------------------

# resolve_jars NAME: scripts/services/pom-NAME.xml -> .cache/NAME/lib
resolve_jars() {
    local name=$1
    local pom=scripts/services/pom-$name.xml lib=$ROOT/.cache/$name/lib want
    want=$(hash_of "$pom")
    if [ -n "$(ls -A "$lib" 2>/dev/null)" ] && stamp_matches "mvn-$name" "$want"; then
        return 0
    fi
    changed "resolving $name jars with Maven"
    # Copy into a fresh folder and swap, so jars of an older pom never linger
    # on the classpath next to the new ones.
    rm -rf "$lib.new"
    # Maven 3.8 prints stray colour escapes even with -B, so its output is
    # shown only when it fails.
    local out
    if ! out=$(mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$lib.new" 2>&1 </dev/null); then
        printf '%s\n' "$out" >&2
        die "Maven could not resolve $pom"
    fi
    rm -rf "$lib"
    mv "$lib.new" "$lib"
    write_stamp "mvn-$name" "$want"
}

main() {
    install_debian_packages
    check_tools
    setup_python
    setup_node
    resolve_jars opensearch
    resolve_jars s3proxy
    if [ "$CHANGED" -eq 0 ]; then
        say "nothing changed, everything is up to date"
    else
        say "done"
    fi
}

main "$@"

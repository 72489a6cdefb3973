#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests.
#
# Two ways to use it (from the repository root):
#
#   .ci/postgres.sh make test          # start a server, run the command, stop the server,
#                                      # exit with the command's status (also on failure)
#   source .ci/postgres.sh             # start a server in this shell; exports
#                                      # TITFORTAT_TEST_PG_URL and adds an EXIT trap that
#                                      # stops it (call titfortat_pg_stop to stop earlier)
#
# It installs the Debian `postgresql` package when no server binaries are found (needs root
# and apt), creates a cluster under a temporary directory, starts it on a free local port
# (127.0.0.1, trust auth, fsync off: test data only) as the `postgres` user when run as root,
# creates the database `titfortat_test`, and exports
#   TITFORTAT_TEST_PG_URL=postgresql://titfortat@127.0.0.1:PORT/titfortat_test
# The store tests (tests/store) then run against PostgreSQL as well as SQLite.

titfortat_pg_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir; return 0
    fi
    return 1
}

titfortat_pg_stop() {
    if [ -n "${TITFORTAT_PG_DIR:-}" ] && [ -d "$TITFORTAT_PG_DIR" ]; then
        titfortat_pg_as "$TITFORTAT_PG_BIN/pg_ctl" -D "$TITFORTAT_PG_DIR/data" -m immediate -w stop \
            >/dev/null 2>&1 || true
        rm -rf "$TITFORTAT_PG_DIR"
    fi
    unset TITFORTAT_PG_DIR TITFORTAT_TEST_PG_URL
}

titfortat_pg_as() {
    # Run a server command as a non-root user (initdb and postgres refuse to run as root).
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

titfortat_pg_start() {
    local bin dir port
    if ! bin=$(titfortat_pg_bindir); then
        echo "postgres.sh: installing the Debian postgresql package" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null || {
            echo "postgres.sh: cannot install postgresql (need root and apt)" >&2; return 1; }
        bin=$(titfortat_pg_bindir) || { echo "postgres.sh: no initdb after install" >&2; return 1; }
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    dir=$(mktemp -d "${TMPDIR:-/tmp}/titfortat-pg.XXXXXX")
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    TITFORTAT_PG_BIN=$bin
    TITFORTAT_PG_DIR=$dir
    titfortat_pg_as "$bin/initdb" -D "$dir/data" -U titfortat --auth=trust -E UTF8 --no-locale \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; titfortat_pg_stop; return 1; }
    titfortat_pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
        start >/dev/null || { cat "$dir/server.log" >&2; titfortat_pg_stop; return 1; }
    titfortat_pg_as "$bin/createdb" -h 127.0.0.1 -p "$port" -U titfortat titfortat_test || {
        titfortat_pg_stop; return 1; }
    export TITFORTAT_PG_DIR TITFORTAT_PG_BIN
    export TITFORTAT_TEST_PG_URL="postgresql://titfortat@127.0.0.1:$port/titfortat_test"
    echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # sourced: start, and stop when the calling shell exits
    titfortat_pg_start && trap titfortat_pg_stop EXIT
else
    set -u
    titfortat_pg_start || exit 1
    trap titfortat_pg_stop EXIT INT TERM
    if [ $# -gt 0 ]; then
        "$@"
        exit $?
    fi
    echo "postgres.sh: no command given; nothing to run" >&2
fi

#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL 15 cluster and Redis server.
#
# Usage: scripts/with-services.sh CMD [ARGS...]
#
# Both servers listen on 127.0.0.1 on free ports picked at start-up, so this never
# collides with other running servers.  The command sees:
#   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/volunteer   (trust auth)
#   REDIS_URL=redis://127.0.0.1:PORT/0
# On exit (success, failure, Ctrl-C or SIGTERM) both servers are stopped and
# their temp dirs removed.  The script exits with the command's exit code.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DB_NAME=volunteer
STARTUP_TIMEOUT=30   # seconds

log() { echo "with-services: $*" >&2; }

for bin in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/pg_isready" "$PG_BIN/createdb"; do
    if [[ ! -x "$bin" ]]; then
        log "missing $bin -- run scripts/install-system-deps.sh"
        exit 1
    fi
done
for cmd in redis-server redis-cli python3; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
        log "missing $cmd -- run scripts/install-system-deps.sh"
        exit 1
    fi
done

# PostgreSQL refuses to run as root: in that case run its binaries as `postgres`.
if [[ $(id -u) -eq 0 ]]; then
    RUN_AS_ROOT=1
    PG_TMP_PARENT=/tmp   # must be reachable by the postgres user
else
    RUN_AS_ROOT=0
    PG_TMP_PARENT=${TMPDIR:-/tmp}
fi

pg_dir=""
redis_dir=""
redis_pid=""
pg_pid=""

as_pg() {
    # cd into the pg temp dir so the postgres user never trips over an
    # unreadable current directory.
    if [[ $RUN_AS_ROOT -eq 1 ]]; then
        (cd "$pg_dir" && runuser -u postgres -- "$@")
    else
        (cd "$pg_dir" && "$@")
    fi
}

# Terminate a background child (if still running) and reap it.
# shellcheck disable=SC2317  # only called from the EXIT trap
stop_child() {
    local pid=$1
    [[ -n "$pid" ]] || return 0
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

# shellcheck disable=SC2317  # invoked via trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    set +e
    if [[ -n "$pg_dir" && -f "$pg_dir/data/postmaster.pid" ]]; then
        # Throwaway data: immediate shutdown is fine.
        if ! as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1; then
            local pm_pid
            pm_pid=$(head -n1 "$pg_dir/data/postmaster.pid" 2>/dev/null)
            [[ -n "$pm_pid" ]] && kill -KILL "$pm_pid" 2>/dev/null
        fi
    fi
    stop_child "$pg_pid"
    stop_child "$redis_pid"
    [[ -n "$pg_dir" ]] && rm -rf "$pg_dir"
    [[ -n "$redis_dir" ]] && rm -rf "$redis_dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Two distinct free TCP ports on 127.0.0.1 (both sockets held until both are chosen).
read -r PG_PORT REDIS_PORT < <(python3 - <<'PY'
import socket
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PY
)

# --- PostgreSQL -----------------------------------------------------------
pg_dir=$(mktemp -d "$PG_TMP_PARENT/with-services-pg.XXXXXX")
if [[ $RUN_AS_ROOT -eq 1 ]]; then
    chown postgres: "$pg_dir"
fi

if ! as_pg "$PG_BIN/initdb" -D "$pg_dir/data" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >"$pg_dir/initdb.log" 2>&1; then
    log "initdb failed:"
    cat "$pg_dir/initdb.log" >&2
    exit 1
fi

cat >>"$pg_dir/data/postgresql.conf" <<CONF

# --- with-services.sh: throwaway test cluster ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$pg_dir'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

# Run the postmaster as our own background child (not daemonized via `pg_ctl start`)
# so it is always reaped by us, even where PID 1 doesn't reap orphans.  `setsid`
# keeps a terminal Ctrl-C from reaching the servers directly: the command gets
# the Ctrl-C, then the EXIT trap shuts the servers down in order.
if [[ $RUN_AS_ROOT -eq 1 ]]; then
    (cd "$pg_dir" && exec setsid runuser -u postgres -- "$PG_BIN/postgres" -D "$pg_dir/data") \
        >"$pg_dir/postgres.log" 2>&1 </dev/null &
else
    (cd "$pg_dir" && exec setsid "$PG_BIN/postgres" -D "$pg_dir/data") \
        >"$pg_dir/postgres.log" 2>&1 </dev/null &
fi
pg_pid=$!

# --- Redis ----------------------------------------------------------------
redis_dir=$(mktemp -d "${TMPDIR:-/tmp}/with-services-redis.XXXXXX")
setsid redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize no --dir "$redis_dir" --logfile "$redis_dir/redis.log" </dev/null &
redis_pid=$!

# --- wait for both --------------------------------------------------------
deadline=$((SECONDS + STARTUP_TIMEOUT))
until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; do
    if ! kill -0 "$pg_pid" 2>/dev/null || ((SECONDS >= deadline)); then
        log "PostgreSQL failed to start:"
        cat "$pg_dir/postgres.log" >&2 2>/dev/null || true
        exit 1
    fi
    sleep 0.1
done
until [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]; do
    if ! kill -0 "$redis_pid" 2>/dev/null || ((SECONDS >= deadline)); then
        log "Redis failed to start:"
        cat "$redis_dir/redis.log" >&2 2>/dev/null || true
        exit 1
    fi
    sleep 0.1
done

if ! "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB_NAME"; then
    log "createdb $DB_NAME failed"
    exit 1
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"

# Run in the foreground (keeps stdin/tty and Ctrl-C behaviour); cleanup runs via the EXIT trap.
set +e
"$@"
rc=$?
exit "$rc"

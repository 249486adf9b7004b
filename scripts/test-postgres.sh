#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: a new cluster in a temporary
# directory, listening on 127.0.0.1 only (a free port) and on a unix socket
# inside that directory, with password authentication for a superuser
# `hookwarden` whose random password is in the URL only.
#
# It runs with fsync=off and full_page_writes=off: its data is thrown away
# with it, so nothing needs to survive a power loss, and tests go faster.
# synchronous_commit stays on, as in production.
#
#   scripts/test-postgres.sh run -- COMMAND [ARGS...]
#       starts a server, and PgBouncer in transaction pooling mode in front
#       of it, runs COMMAND with HOOKWARDEN_TEST_POSTGRES_URL set to the
#       server's URL and HOOKWARDEN_TEST_PGBOUNCER_URL to the pooler's (the
#       same user and password, database `postgres`; any database name passes
#       through to the server), then stops both and removes their directory,
#       also when COMMAND fails or is interrupted. Exits with COMMAND's
#       status.
#   scripts/test-postgres.sh start DIR   starts one in DIR (absent or empty);
#       prints its URL, also kept in DIR/url.
#   scripts/test-postgres.sh stop DIR    stops it and removes DIR.
#   scripts/test-postgres.sh pause DIR   stops its server, keeping DIR: the
#       database is unreachable until `resume DIR` starts it again on the
#       same port (an outage, for the tests that need one).
#
# PostgreSQL's own binaries (Debian: postgresql-15, in
# /usr/lib/postgresql/15/bin) refuse to run as root: as root, the server
# runs as the Debian package's `postgres` user, or else as a system user
# `hookwarden-test` created for it.
set -euo pipefail

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "test-postgres: PostgreSQL's server is not installed (Debian: postgresql)" >&2
    exit 1
  fi
  echo "$dir"
}

# Runs its arguments as the user that owns the server.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$OWNER" -- "$@"
  else
    "$@"
  fi
}

choose_owner() {
  OWNER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then
      OWNER=postgres
    else
      id hookwarden-test >/dev/null 2>&1 ||
        useradd --system --no-create-home --shell /usr/sbin/nologin hookwarden-test
      OWNER=hookwarden-test
    fi
  fi
}

# Starts the cluster in DIR/data on PORT; fails when it does not come up.
# With TEST_POSTGRES_STATEMENTS=1 it also loads pg_stat_statements (for
# bench/ingest; the tests do without).
start_server() {
  local dir=$1 port=$2 extra=""
  [ "${TEST_POSTGRES_STATEMENTS:-0}" = 1 ] &&
    extra="-c shared_preload_libraries=pg_stat_statements"
  as_owner "$(pg_bin)/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" \
    --wait --timeout=60 --silent start \
    --options="-c listen_addresses=127.0.0.1 -p $port \
      -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off \
      -c max_connections=300 $extra" >/dev/null 2>&1
}

start() {
  local dir=$1 bin password port log
  bin=$(pg_bin)
  choose_owner
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$OWNER" "$dir"
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  as_owner sh -c "umask 077; printf '%s\n' '$password' > '$dir/pwfile'"
  as_owner "$bin/initdb" --pgdata="$dir/data" --username=hookwarden \
    --auth=scram-sha-256 --pwfile="$dir/pwfile" --encoding=UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  rm -f "$dir/pwfile"
  log="$dir/server.log"
  # A port nobody listens on: try random ones until the server binds one.
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    if start_server "$dir" "$port"; then
      echo "postgresql://hookwarden:$password@127.0.0.1:$port/postgres" >"$dir/url"
      chmod 600 "$dir/url"
      cat "$dir/url"
      return 0
    fi
  done
  echo "test-postgres: the server did not start; its log:" >&2
  cat "$log" >&2 || true
  return 1
}

# Starts PgBouncer (Debian: pgbouncer) in DIR in front of the server of
# DIR/url: transaction pooling, at most 4 server connections per database
# and user however many clients connect, SCRAM on both sides, 127.0.0.1
# only. Prints its URL, also kept in DIR/pgbouncer-url.
start_pgbouncer() {
  local dir=$1 url credentials password server_port port
  command -v pgbouncer >/dev/null || {
    echo "test-postgres: PgBouncer is not installed (Debian: pgbouncer)" >&2
    return 1
  }
  choose_owner
  url=$(cat "$dir/url")
  credentials=${url#postgresql://}
  credentials=${credentials%%@*}
  password=${credentials#*:}
  server_port=${url##*:}
  server_port=${server_port%%/*}
  as_owner sh -c "umask 077; printf '\"hookwarden\" \"%s\"\\n' '$password' \
    > '$dir/pgbouncer-users'"
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    as_owner sh -c "umask 077; cat > '$dir/pgbouncer.ini'" <<INI
[databases]
* = host=127.0.0.1 port=$server_port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/pgbouncer-users
pool_mode = transaction
default_pool_size = 4
max_client_conn = 500
max_db_connections = 0
server_lifetime = 3600
pidfile = $dir/pgbouncer.pid
logfile = $dir/pgbouncer.log
INI
    as_owner sh -c ": > '$dir/pgbouncer.log'"
    # Up within 10 s, or a FATAL line (the port was taken) says why not.
    if as_owner pgbouncer --daemon --quiet "$dir/pgbouncer.ini"; then
      for _ in $(seq 1 100); do
        if pg_isready --quiet --host=127.0.0.1 --port="$port" --dbname=postgres; then
          echo "postgresql://$credentials@127.0.0.1:$port/postgres" >"$dir/pgbouncer-url"
          chmod 600 "$dir/pgbouncer-url"
          cat "$dir/pgbouncer-url"
          return 0
        fi
        grep -q FATAL "$dir/pgbouncer.log" && break
        sleep 0.1
      done
      stop_pgbouncer "$dir"
    fi
  done
  echo "test-postgres: PgBouncer did not start; its log:" >&2
  cat "$dir/pgbouncer.log" >&2 || true
  return 1
}

stop_pgbouncer() {
  local dir=$1 pid
  [ -f "$dir/pgbouncer.pid" ] || return 0
  pid=$(cat "$dir/pgbouncer.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/pgbouncer.pid"
}

stop() {
  local dir=$1 bin
  [ -d "$dir" ] || return 0
  stop_pgbouncer "$dir"
  if [ -f "$dir/data/postmaster.pid" ]; then
    bin=$(pg_bin)
    choose_owner
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=immediate --silent \
      stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

pause() {
  local dir=$1
  choose_owner
  as_owner "$(pg_bin)/pg_ctl" --pgdata="$dir/data" --mode=fast --wait \
    --silent stop
}

resume() {
  local dir=$1 url port
  choose_owner
  url=$(cat "$dir/url")
  port=${url##*:}
  port=${port%%/*}
  start_server "$dir" "$port"
}

run() {
  local url pooled status child=""
  dir=$(mktemp -d "${TMPDIR:-/tmp}/hookwarden-test-postgres.XXXXXX")
  trap 'stop "$dir"' EXIT
  # Interrupted: the command ends first, then the server (EXIT).
  trap '[ -n "$child" ] && kill -INT "$child" 2>/dev/null; wait; exit 130' INT
  trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; wait; exit 143' TERM
  url=$(start "$dir")
  echo "test-postgres: PostgreSQL for the tests on ${url##*@}"
  pooled=$(start_pgbouncer "$dir")
  echo "test-postgres: PgBouncer in front of it on ${pooled##*@}"
  # In the background, so that a signal reaches the traps at once.
  HOOKWARDEN_TEST_POSTGRES_URL=$url HOOKWARDEN_TEST_PGBOUNCER_URL=$pooled "$@" &
  child=$!
  set +e
  wait "$child"
  status=$?
  set -e
  exit "$status"
}

case "${1:-}" in
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || { echo "usage: $0 run -- COMMAND [ARGS...]" >&2; exit 2; }
    run "$@"
    ;;
  start) start "${2:?usage: $0 start DIR}" ;;
  stop) stop "${2:?usage: $0 stop DIR}" ;;
  pause) pause "${2:?usage: $0 pause DIR}" ;;
  resume) resume "${2:?usage: $0 resume DIR}" ;;
  *)
    echo "usage: $0 run -- COMMAND [ARGS...] | start DIR | stop DIR" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Start a throwaway PostgreSQL server (temporary data directory, free local port) and run a
# command against it with RVUEDGE_TEST_DATABASE_URL set; the server stops however the command ends.
# Usage: scripts/test-postgres.sh .venv/bin/pytest [args...]
set -euo pipefail

PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
  echo "PostgreSQL server binaries not found; installing postgresql and postgresql-contrib" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi

RUN_AS=()
if [[ "$(id -u)" == "0" ]]; then
  # PostgreSQL refuses to run as root.
  RUN_AS=(runuser -u postgres --)
fi

PGDATA="$(mktemp -d /tmp/rvuedge-pg.XXXXXX)"
[[ "$(id -u)" == "0" ]] && chown postgres:postgres "$PGDATA"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

stop() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
trap stop EXIT

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
  -o "-p $PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
"${RUN_AS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres rvuedge_test

export RVUEDGE_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/rvuedge_test"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
"$@"

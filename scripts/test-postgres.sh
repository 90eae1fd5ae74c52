#!/usr/bin/env bash
# Run the web and API tests a second time on PostgreSQL, in a throwaway cluster.
# On Debian as root, installs PostgreSQL when missing. Elsewhere, without PostgreSQL,
# it says so and stops (under CI=true that is a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

fail_or_skip() {
  if [ "${CI:-}" = "true" ]; then echo "PostgreSQL tests: $1" >&2; exit 1; fi
  echo "PostgreSQL tests skipped: $1"; exit 0
}

# The server's initdb, not just the client tools (psql alone is often installed).
find_bindir() { ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 | xargs -r dirname; }
bindir=$(find_bindir || true)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL (Debian package) for the PostgreSQL test pass…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
    bindir=$(find_bindir)
  else
    fail_or_skip "PostgreSQL is not installed"
  fi
fi

run_as=""
if [ "$(id -u)" = 0 ]; then run_as="runuser -u postgres --"; fi
data=$(mktemp -d /tmp/tremplin-pg.XXXXXX)
chmod 755 "$data"
[ -z "$run_as" ] || chown postgres "$data"
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cleanup() {
  $run_as "$bindir/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT

$run_as "$bindir/initdb" -D "$data/db" -U tremplin --auth=trust >/dev/null
$run_as "$bindir/pg_ctl" -D "$data/db" -l "$data/log" -w \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
$run_as "$bindir/createdb" -h 127.0.0.1 -p "$port" -U tremplin tremplin_test

echo "PostgreSQL pass (port $port): tests/web"
# PYTEST (from `make test`) may spread the tests over several processes: each gets a database
# of its own next to tremplin_test (tests/conftest.py).
TREMPLIN_TEST_DATABASE_URL="postgresql://tremplin@127.0.0.1:$port/tremplin_test" \
  ${PYTEST:-.venv/bin/python -m pytest} -q tests/web

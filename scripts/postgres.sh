#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: its own data folder, socket folder and port, listening on
# 127.0.0.1 only. As root it installs Debian's postgresql when missing and runs the server as the postgres user.
#   bash scripts/postgres.sh start DIR PORT   # prints the admin URL (trust on the socket, passwords over TCP)
#   bash scripts/postgres.sh stop DIR
set -euo pipefail

action=${1:?usage: postgres.sh start DIR PORT | stop DIR}
dir=${2:?the cluster folder}
port=${3:-55432}

# The server's own programs: a client alone (psql) also makes a bin folder, without initdb.
server_bin() { for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && echo "$d"; done | sort -V | tail -n 1; }
bin=$(server_bin || true)
if [ -z "$bin" ] && [ "$action" = start ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "postgres.sh: installing Debian's postgresql" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(server_bin)
  else
    echo "postgres.sh: PostgreSQL is not installed (sudo apt-get install postgresql)" >&2
    exit 1
  fi
fi

as_server() {  # the server refuses to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_server "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --no-instructions >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    mkdir -p "$dir/socket" && { [ "$(id -u)" != 0 ] || chown postgres: "$dir/socket"; }
    # Durability is not what the tests check: without fsync the suite's many small transactions are quick.
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-k $dir/socket -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
          -c full_page_writes=off -c max_connections=200" >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@/postgres?host=$dir/socket&port=$port"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: postgres.sh start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac

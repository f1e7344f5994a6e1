#!/usr/bin/env bash
# Starts or stops a private PostgreSQL 15 cluster for development and tests, with one database per service.
# Data lives in $ORDERS_PGDATA (default: /var/tmp/orders-suite/<hash of the repo path>/pgdata, outside the
# repository because the server runs as the 'postgres' user, who may not reach a root-owned clone); it listens on 127.0.0.1:$ORDERS_PG_PORT (default 55432)
# so it never collides with a system server. Durability settings stay at PostgreSQL's defaults (fsync on).
# ORDERS_PG_CLUSTER names another cluster beside the default one (its data in .../<name>-pgdata): make bench runs on a
# cluster of its own. ORDERS_PG_DATABASES lists the databases 'start' creates (default: the services' four).
#   infra/postgres.sh start|stop|status|url [database]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="/var/tmp/orders-suite/$(echo -n "$repo" | md5sum | cut -c1-10)"
pgdata="${ORDERS_PGDATA:-$root/${ORDERS_PG_CLUSTER:+$ORDERS_PG_CLUSTER-}pgdata}"
port="${ORDERS_PG_PORT:-55432}"
# keystore: customer data keys, outside every service database
read -r -a databases <<<"${ORDERS_PG_DATABASES-ordering payment shipping keystore}"

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [[ -x "$dir/pg_ctl" ]] && { echo "$dir"; return; }; done
  command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return; }
  return 1
}

if ! bin="$(find_bin)"; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "postgres: PostgreSQL is not installed; installing it with apt-get" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin="$(find_bin)"
  else
    echo "postgres: PostgreSQL 15 is not installed (apt-get install postgresql)" >&2; exit 1
  fi
fi

# PostgreSQL refuses to run as root: run it as the 'postgres' system user then.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=${1:-postgres}"; }

start() {
  mkdir -p "$pgdata"
  [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$pgdata" && chmod 700 "$pgdata"
  if [[ ! -f "$pgdata/PG_VERSION" ]]; then
    echo "postgres: initialising a cluster in $pgdata"
    as_owner "$bin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pgdata'
max_connections = 400
shared_buffers = 256MB
CONF
  fi
  if as_owner "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    echo "postgres: already running on 127.0.0.1:$port"
  else
    # Wolverine's outbox table is a queue: every row is deleted within moments of its insert, thousands a second under
    # load. With autovacuum's default one visit a minute per database it piled up 80,000 dead rows (78 MB for 262 live
    # ones) in one make bench phase and each insert cost 0.10 ms instead of 0.06 (docs/performance.md, step 9). Set on
    # the command line so clusters initialised before it get it too; a production server needs the same (README).
    as_owner "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -o "-p $port -c autovacuum_naptime=5s" -w -t 60 start >/dev/null
    echo "postgres: started on 127.0.0.1:$port (log: $pgdata/server.log)"
  fi
  for db in ${databases[@]+"${databases[@]}"}; do
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
      echo "postgres: created database $db"
    fi
  done
}

stop() {
  if [[ -f "$pgdata/PG_VERSION" ]] && as_owner "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null && echo "postgres: stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) as_owner "$bin/pg_ctl" -D "$pgdata" status ;;
  url) url "${2:-}" ;;
  *) echo "usage: $0 start|stop|status|url [database]" >&2; exit 2 ;;
esac

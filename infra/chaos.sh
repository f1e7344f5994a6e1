#!/usr/bin/env bash
# make chaos: runs infra/Orders.Chaos against the private PostgreSQL (started here, and stopped again if it was not
# running before) and its own embedded broker. Options by environment: CHAOS_ORDERS (1000), CHAOS_RATE (10 orders/s),
# CHAOS_MIN_FAULTS (50), CHAOS_FAULTS (comma-separated kinds; default all), CHAOS_SEED, CHAOS_QUIET_TIMEOUT (300 s).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
configuration="${CONFIGURATION:-Release}"

started_postgres=false
if ! bash infra/postgres.sh status >/dev/null 2>&1; then
  bash infra/postgres.sh start
  started_postgres=true
fi
stop_postgres() { if $started_postgres; then bash infra/postgres.sh stop || true; fi; }
trap stop_postgres EXIT

ORDERS_CHAOS_POSTGRES="$(bash infra/postgres.sh url postgres)" \
  dotnet "infra/Orders.Chaos/bin/$configuration/net10.0/Orders.Chaos.dll" "$@"

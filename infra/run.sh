#!/usr/bin/env bash
# `make run`: PostgreSQL, the embedded Kafka broker and the three services on this machine; Ctrl-C stops them all (PostgreSQL only if this run started it).
# Ports: ORDERING_PORT (5101), PAYMENT_PORT (5102), SHIPPING_PORT (5103), ORDERS_PG_PORT (55432).
# Set KAFKA_BOOTSTRAP_SERVERS to use a real Kafka instead of the embedded broker (its topics must exist:
# see README "Operating Kafka as your database").
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
configuration="${CONFIGURATION:-Release}"
logs="$repo/.local/logs"
mkdir -p "$logs"
declare -A ports=([ordering]="${ORDERING_PORT:-5101}" [payment]="${PAYMENT_PORT:-5102}" [shipping]="${SHIPPING_PORT:-5103}")
declare -A projects=([ordering]=Ordering [payment]=Payment [shipping]=Shipping)
pids=()

stop_all() {
  trap - INT TERM EXIT
  echo; echo "run: stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # Only a cluster this run started: one already running (a `make test` or `make bench` beside it) keeps running.
  if $started_postgres; then bash infra/postgres.sh stop || true; fi
}
started_postgres=false
# Ctrl-C or a TERM ends the run here, after the cleanup (not back in the script, which would report a process exit).
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

bash infra/postgres.sh status >/dev/null 2>&1 || started_postgres=true
bash infra/postgres.sh start # also when running: it creates the services' databases if missing

# The services' settings from KEY=VALUE files, read as the bench and the chaos runner read them (EnvFile.cs): blank
# lines and # comments skipped, anything else must be KEY=VALUE, and a variable set in the environment wins even when
# it is set to nothing.
profile=()
trim() { local text="${1#"${1%%[![:space:]]*}"}"; printf '%s' "${text%"${text##*[![:space:]]}"}"; }
read_profile() {
  local line number=0 key value
  while IFS= read -r line; do
    number=$((number + 1))
    line="$(trim "$line")"
    [[ -z "$line" || "$line" == \#* ]] && continue
    [[ "$line" =~ ^[^=]+= ]] || { echo "$1:$number: expected KEY=VALUE, found \"$line\"" >&2; exit 1; }
    key="$(trim "${line%%=*}")" value="$(trim "${line#*=}")"
    printenv "$key" >/dev/null || profile+=("$key=$value")
  done < "$1"
}
read_profile services/runtime.env # the runtime settings their images set (each service's own are read below)
if [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
  bootstrap="$KAFKA_BOOTSTRAP_SERVERS"
  echo "broker: using $bootstrap"
else
  read_profile infra/embedded-kafka.env
  rm -f "$logs/bootstrap"
  dotnet "infra/Orders.Broker/bin/$configuration/net10.0/Orders.Broker.dll" --bootstrap-file "$logs/bootstrap" >"$logs/broker.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [[ -s "$logs/bootstrap" ]] && break; sleep 0.1; done
  [[ -s "$logs/bootstrap" ]] || { echo "broker: did not start, see $logs/broker.log"; exit 1; }
  bootstrap="$(cat "$logs/bootstrap")"
  echo "broker: embedded Kafka on $bootstrap"
fi

keystore="$(bash infra/postgres.sh url keystore)"
for service in ordering payment shipping; do
  project="${projects[$service]}"
  database="$(bash infra/postgres.sh url "$service")"
  # The service's own runtime settings (services/<Service>/runtime.env: its young generation), after the shared ones.
  shared=("${profile[@]}") profile=()
  [[ -f "services/$project/runtime.env" ]] && read_profile "services/$project/runtime.env"
  own=("${profile[@]}") profile=("${shared[@]}")
  # From its output folder, as in its container: a service reads its appsettings.json (log levels) from where it runs.
  ( cd "services/$project/$project.Api/bin/$configuration/net10.0" &&
    ASPNETCORE_URLS="http://127.0.0.1:${ports[$service]}" \
    ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
    Kafka__BootstrapServers="$bootstrap" \
    ConnectionStrings__Postgres="$database" \
    ConnectionStrings__KeyStore="$keystore" \
    Admin__ApiKey="${Admin__ApiKey:-}" \
    exec env "${profile[@]}" "${own[@]}" dotnet "$project.Api.dll" ) >"$logs/$service.log" 2>&1 &
  pids+=($!)
done

echo "run: waiting for the services to be ready..."
for service in ordering payment shipping; do
  url="http://127.0.0.1:${ports[$service]}"
  for _ in $(seq 120); do
    curl -fs "$url/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  if curl -fs "$url/health/ready" >/dev/null 2>&1; then
    echo "  $service: $url  (API page $url/docs, OpenAPI $url/openapi/v1.json, log .local/logs/$service.log)"
  else
    echo "  $service: NOT READY at $url — see .local/logs/$service.log"
  fi
done
echo "run: kafka bootstrap servers $bootstrap; Ctrl-C stops everything"
wait -n "${pids[@]}" || true
echo "run: a process exited; see .local/logs"

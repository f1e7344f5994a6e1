#!/usr/bin/env bash
# Runs every test project against a private PostgreSQL (started here unless ORDERS_TEST_POSTGRES, the admin connection
# string the tests read, names a server already) and Kafka as the tests choose it (KAFKA_BOOTSTRAP_SERVERS, else
# Testcontainers when a Docker engine answers, else the embedded broker), then prints one summary line.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
configuration="${CONFIGURATION:-Release}"
results="$repo/.local/test-results"
rm -rf "$results" && mkdir -p "$results"

if [[ -z "${ORDERS_TEST_POSTGRES:-}" ]]; then
  # Stopped again at the end only if this run started it (a `make run` in another terminal keeps its database).
  if ! bash infra/postgres.sh status >/dev/null 2>&1; then
    trap 'bash infra/postgres.sh stop >/dev/null 2>&1 || true' EXIT
  fi
  bash infra/postgres.sh start || { echo "0 passed, 1 failed (PostgreSQL did not start)"; exit 1; }
  export ORDERS_TEST_POSTGRES="$(bash infra/postgres.sh url)"
fi

# Say which Kafka the lifecycle tests meet, chosen as tests/…/Infrastructure/KafkaServer.cs chooses it (the fault,
# restore and backup tests always start embedded brokers of their own: they need its fault API or a cluster each).
docker_answers() {
  local socket=/var/run/docker.sock
  [[ "${DOCKER_HOST:-}" == unix://* ]] && socket="${DOCKER_HOST#unix://}"
  [[ -S "$socket" ]] && curl -sf --max-time 3 --unix-socket "$socket" http://docker/_ping >/dev/null 2>&1
}
if [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
  echo "tests: Kafka at $KAFKA_BOOTSTRAP_SERVERS (KAFKA_BOOTSTRAP_SERVERS); PostgreSQL from ORDERS_TEST_POSTGRES"
elif docker_answers; then
  echo "tests: Kafka in a Testcontainers container (a Docker engine answers); PostgreSQL from ORDERS_TEST_POSTGRES"
else
  echo "tests: the embedded Kafka broker (librdkafka's mock cluster: no Docker engine, no KAFKA_BOOTSTRAP_SERVERS); PostgreSQL from ORDERS_TEST_POSTGRES"
fi

status=0
for project in $(find tests -name '*.csproj' | sort); do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" -c "$configuration" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=normal" >"$results/$name.log" 2>&1
  rc=$?
  # Show each test's outcome and any failure details; the full log stays in .local/test-results.
  grep -E "^\s+(Passed|Failed|Skipped) |^\s+(Error Message|Stack Trace)|Failed!|Passed!|error " "$results/$name.log" | head -400
  if [[ $rc -ne 0 ]]; then
    status=1
    tail -50 "$results/$name.log"
    # A test host that crashed writes no TRX: count it as a failure so the summary cannot look green.
    [[ -f "$results/$name.trx" ]] || touch "$results/$name.crashed"
  fi
done

# One closing line over every project, counted from the TRX files (what actually ran, not what was planned).
python3 - "$results" <<'PY' || status=1
import glob, re, sys
passed = failed = skipped = 0
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(trx, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*', text)
    if not m: continue
    attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    passed += int(attrs.get("passed", 0))
    failed += int(attrs.get("failed", 0)) + int(attrs.get("error", 0)) + int(attrs.get("timeout", 0)) + int(attrs.get("aborted", 0))
    skipped += int(attrs.get("notExecuted", 0))
failed += len(glob.glob(sys.argv[1] + "/*.crashed"))
# Name the failures again here: CI shows only the tail of this output, and the unit tests run last.
import xml.etree.ElementTree as ET
failures = []
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for result in ET.parse(trx).getroot().iter():
        if result.tag.endswith("UnitTestResult") and result.get("outcome") == "Failed":
            message = next((e.text or "" for e in result.iter() if e.tag.endswith("Message")), "")
            lines = [line[:300] for line in message.strip().splitlines()]
            # The whole message up to a screenful: an invariant report lists its violations one per line.
            failures.append(f"{result.get('testName')}: " + "\n    ".join(lines[:25] + ([f"... {len(lines) - 25} more line(s)"] if len(lines) > 25 else [])))
for crashed in sorted(glob.glob(sys.argv[1] + "/*.crashed")):
    failures.append(crashed.rsplit("/", 1)[-1].removesuffix(".crashed") + ": test host crashed (no TRX)")
for name in failures:
    print(f"FAILED: {name}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
PY
exit $status

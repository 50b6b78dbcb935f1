#!/usr/bin/env bash
# The one test command (README Quick start, line 2; .ci/run runs it verbatim):
# installs what the tests need, starts the services they use, runs every suite,
# and ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
logdir=$(mktemp -d /tmp/semantest-ci-logs.XXXXXX)

echo "==> system packages"
bash .ci/install-system-deps.sh || { echo "system package install failed"; exit 1; }

echo "==> npm ci"
npm ci --no-audit --no-fund --loglevel=warn || { echo "npm ci failed"; exit 1; }

echo "==> PostgreSQL server for the metadata-store suites"
pgdir="/tmp/semantest-pg-$$"
PG_TEST_URL=$(bash .ci/start-postgres.sh "$pgdir") || { echo "could not start PostgreSQL"; exit 1; }
export PG_TEST_URL
trap 'bash "$root/.ci/stop-postgres.sh" "$pgdir"' EXIT

passed=0; failed=0; suites_failed=()
count_node() { # node:test spec reporter summary lines
  local p f; p=$(grep -E '^ℹ pass [0-9]+' "$1" | tail -1 | awk '{print $3}'); f=$(grep -E '^ℹ fail [0-9]+' "$1" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
count_jest() {
  local line p f; line=$(grep -E '^Tests:' "$1" | tail -1)
  p=$(echo "$line" | grep -oE '[0-9]+ passed' | awk '{print $1}'); f=$(echo "$line" | grep -oE '[0-9]+ failed' | awk '{print $1}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
count_go() {
  local p f; p=$(grep -cE '^\s*--- PASS' "$1"); f=$(grep -cE '^\s*--- FAIL' "$1")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
run_suite() { # name counter command...
  local name=$1 counter=$2; shift 2
  local log="$logdir/$name.log"
  echo "==> $name"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  $counter "$log"
  if [ "$rc" -ne 0 ]; then suites_failed+=("$name"); fi
}

count_any() { count_node "$1"; count_jest "$1"; count_go "$1"; }

# Browser harnesses print screenshots and fail on any broken check, page error or HTTP error:
# each run counts as one test, passed when it exits 0.
run_harness() { # name command...
  local name=$1; shift
  local log="$logdir/$name.log"
  echo "==> $name"
  "$@" 2>&1 | tee "$log"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); suites_failed+=("$name"); fi
}

run_suite backend count_node npm test -w @semantest/backend
for ws in plugins/datasource plugins/panels/* plugins/app; do
  [ -f "$ws/package.json" ] || continue
  if grep -q '"test:ci"' "$ws/package.json"; then run_suite "ui-${ws//\//-}" count_any npm run test:ci -w "$ws"; fi
  if [ -d "$ws/pkg" ] && [ -f "$ws/go.mod" ]; then run_suite "go-${ws//\//-}" count_go bash -c "cd '$ws' && go test -v -count=1 ./pkg/..."; fi
done

# The datasource's Go live test: the real plugin gRPC server against a real backend. The wrapper
# starts the backend (fresh temp DATA_DIR, free loopback port, demo tenant), passes its URL and keys
# as SEMANTEST_LIVE_*, and stops it after the run (also on SIGINT/SIGTERM/SIGHUP). Without those
# variables the test fails; it never skips.
run_suite go-live-datasource count_go node --import tsx plugins/datasource/tests/live/with-backend.mts -- \
  bash -c "cd plugins/datasource && go test -tags live -v -count=1 -run Live ./pkg/plugin"

# What a person sees: the built plugins loaded into headless Chromium with the real @grafana/*
# packages (no Grafana server exists here). The datasource and real-time dashboard harnesses run
# against a live backend through the real plugin executable (tests/grafana-standin).
echo "==> building the plugins for the browser harnesses"
builds_ok=1
for ws in plugins/panels/healthmatrix plugins/panels/failureclusters plugins/panels/runtimeline plugins/app; do
  npm run build -w "$ws" > "$logdir/build-${ws//\//-}.log" 2>&1 || { echo "build of $ws failed (log: $logdir/build-${ws//\//-}.log)"; builds_ok=0; }
done
npm run build:frontend -w plugins/datasource > "$logdir/build-datasource.log" 2>&1 || { echo "datasource build failed"; builds_ok=0; }
if [ "$builds_ok" -eq 1 ]; then
  run_harness harness-datasource npm run harness -w plugins/datasource
  run_harness harness-panels npm run harness -w plugins/panels/tests
  run_harness harness-app npm run harness -w plugins/app
  run_harness harness-dashboard-live node --import tsx plugins/panels/tests/dashboard-live/run.mts
else
  failed=$((failed + 1)); suites_failed+=("plugin-builds")
fi

echo
if [ ${#suites_failed[@]} -gt 0 ]; then echo "failed suites: ${suites_failed[*]} (logs in $logdir)"; fi
echo "$passed passed, $failed failed"
[ ${#suites_failed[@]} -eq 0 ] && [ "$failed" -eq 0 ]

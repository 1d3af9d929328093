#!/usr/bin/env bash
# The whole test suite: build (the tests that spawn irctl run the compiled CLI, as installed), type
# check, then vitest: unit, integration on a real Docker engine (test/helpers/global-setup.ts finds
# or starts one through scripts/docker-engine.sh) and the few serial tests. See vitest.config.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
node scripts/build.mjs --if-stale
# The type check of src, tests and benches runs beside vitest: the suite leaves a core idle while
# it waits on Docker, and the check takes ~15 s of one core. Niced, so the tests that wait on
# whole processes and the engine go first. Either failing fails the run.
typecheck_log="$(mktemp)"
nice -n 10 npx tsc -p tsconfig.json --noEmit >"$typecheck_log" 2>&1 &
typecheck=$!
status=0
npx vitest run "$@" || status=$?
if ! wait "$typecheck"; then
  cat "$typecheck_log"
  echo "npm test: the type check failed (tsc -p tsconfig.json --noEmit, above)" >&2
  status=1
fi
rm -f "$typecheck_log"
exit "$status"

#!/usr/bin/env bash
# The whole test suite: build (the tests that spawn irctl run the compiled CLI, as installed), type
# check, then vitest: unit, integration on a real Docker engine (test/helpers/global-setup.ts finds
# or starts one through scripts/docker-engine.sh) and the few serial tests. See vitest.config.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
node scripts/build.mjs --if-stale
npx tsc -p tsconfig.json --noEmit
npx vitest run "$@"

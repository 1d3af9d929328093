#!/usr/bin/env bash
# The whole test suite: build (the tests that spawn irctl run the compiled CLI, as installed), then
# vitest: unit, integration on a real Docker engine (test/helpers/global-setup.ts finds or starts one
# through scripts/docker-engine.sh) and the few serial tests. See vitest.config.ts. The type check
# of tests and benches is a static check: it runs in `npm run lint` (the build type-checks src/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
node scripts/build.mjs --if-stale
npx vitest run "$@"

#!/usr/bin/env bash
# The whole test suite: type check, then vitest (unit + integration on a real Docker engine, which
# test/helpers/global-setup.ts finds or starts through scripts/docker-engine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
npx tsc -p tsconfig.json --noEmit
npx vitest run "$@"

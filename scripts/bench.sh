#!/usr/bin/env bash
# Benchmarks. Each prints a table of irctl against a floor measured in the same run
# (raw dockerode calls, docker export | tee | sha256sum, bare SQLite loops). Ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
node scripts/build.mjs   # measure the compiled CLI, as installed
export "$(bash scripts/docker-engine.sh | tail -1)"
only="${1:-all}"
for bench in startup containment evidence files report custody alerts flood deadlines; do
  [[ "$only" == all || "$only" == "$bench" ]] || continue
  [[ -f "bench/$bench.ts" ]] || continue
  echo "== bench/$bench.ts"
  npx tsx "bench/$bench.ts"
done

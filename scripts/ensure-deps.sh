#!/usr/bin/env bash
# Install the npm dependencies when they are missing (a fresh clone), exactly as the lock file pins
# them (`npm ci`; its `prepare` builds dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d node_modules/.bin || ! -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]]; then
  npm ci --no-audit --no-fund
fi

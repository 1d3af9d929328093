#!/usr/bin/env bash
# Install the npm dependencies when they are missing (a fresh clone). `npm install` rather than
# `npm ci`: this registry mirror leaves other platforms' optional packages out of the lock file,
# which `npm ci` refuses; `npm install` keeps every version the lock pins.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d node_modules/.bin || ! -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]]; then
  npm install --no-audit --no-fund
fi

#!/usr/bin/env bash
# The main job, end to end: a Docker engine, a "web" service, a simulated compromise, a Falco alert
# to `irctl serve`, automatic containment, approvals by demo identities, evidence, investigation,
# recovery, reports and a verified bundle. Safe on a shared engine and safe to run again: its
# container and network names carry a random suffix and it removes only what it created.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export "$(bash scripts/docker-engine.sh | tail -1)"
exec node --import tsx scripts/demo.ts "$@"

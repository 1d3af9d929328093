#!/usr/bin/env bash
# The HTML report test drives Debian's chromium (through playwright-core) at /usr/bin/chromium.
# Install it when it is missing; no browser is downloaded from anywhere but the distribution.
set -euo pipefail
[[ -x /usr/bin/chromium ]] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available; install Debian's chromium package" >&2
  exit 1
fi
SUDO=()
[[ $(id -u) -eq 0 ]] || SUDO=(sudo)
echo "ensure-chromium: installing chromium (takes a while, once)" >&2
"${SUDO[@]}" apt-get install -y --no-install-recommends chromium >&2 || { "${SUDO[@]}" apt-get update >&2 && "${SUDO[@]}" apt-get install -y --no-install-recommends chromium >&2; }

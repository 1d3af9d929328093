#!/usr/bin/env bash
# Find or start a Docker engine for irctl's tests and demo, then make sure the local test image exists.
# Prints one line on stdout: DOCKER_HOST=unix:///... (everything else goes to stderr).
#
# Order: $DOCKER_HOST if it answers → /var/run/docker.sock if it answers → irctl's private engine
# (started here when we are root: Debian's docker.io + busybox-static, vfs storage, its own
# data-root/exec-root/pidfile/socket so it never touches a user's engine). No registry is needed:
# the test image is imported from a busybox rootfs built from local files.
set -euo pipefail

ENGINE_DIR="${IRCTL_ENGINE_DIR:-/tmp/irctl-engine}"
PRIVATE_SOCK="$ENGINE_DIR/docker.sock"
TEST_IMAGE="${IRCTL_TEST_IMAGE:-irctl-test/busybox:1}"

log() { echo "docker-engine: $*" >&2; }

ping_host() { # $1 = unix:///path or tcp://host:port
  local host="$1"
  case "$host" in
    unix://*) curl -sf --max-time 2 --unix-socket "${host#unix://}" http://localhost/_ping >/dev/null 2>&1 ;;
    *) DOCKER_HOST="$host" timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1 ;;
  esac
}

choose_host() {
  if [[ -n "${DOCKER_HOST:-}" ]] && ping_host "$DOCKER_HOST"; then echo "$DOCKER_HOST"; return; fi
  if [[ -S /var/run/docker.sock ]] && ping_host unix:///var/run/docker.sock; then echo unix:///var/run/docker.sock; return; fi
  if [[ -S "$PRIVATE_SOCK" ]] && ping_host "unix://$PRIVATE_SOCK"; then echo "unix://$PRIVATE_SOCK"; return; fi
  echo ""
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [[ -x /bin/busybox || -x /usr/bin/busybox ]] || missing+=(busybox-static)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
  # The Debian package brings its own client; any docker CLI on PATH is fine for `docker import`.
}

start_private_engine() {
  if [[ "$(id -u)" != 0 ]]; then
    log "no Docker engine answers (tried \$DOCKER_HOST, /var/run/docker.sock, $PRIVATE_SOCK)."
    log "install and start one (Debian: sudo apt-get install docker.io && sudo systemctl start docker),"
    log "or run this script as root so it can start a private engine, or set DOCKER_HOST."
    exit 1
  fi
  install_packages
  mkdir -p "$ENGINE_DIR"
  if [[ -f "$ENGINE_DIR/dockerd.pid" ]] && kill -0 "$(cat "$ENGINE_DIR/dockerd.pid")" 2>/dev/null; then
    log "private engine process exists but does not answer yet; waiting"
  else
    rm -f "$PRIVATE_SOCK" "$ENGINE_DIR/dockerd.pid"
    log "starting a private dockerd (vfs) on $PRIVATE_SOCK"
    setsid dockerd --storage-driver vfs \
      --data-root "$ENGINE_DIR/data" --exec-root "$ENGINE_DIR/exec" \
      --pidfile "$ENGINE_DIR/dockerd.pid" -H "unix://$PRIVATE_SOCK" \
      >"$ENGINE_DIR/dockerd.log" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 150); do
    if ping_host "unix://$PRIVATE_SOCK"; then return; fi
    sleep 0.2
  done
  log "dockerd did not answer within 30 s; its log ($ENGINE_DIR/dockerd.log) ends with:"
  tail -20 "$ENGINE_DIR/dockerd.log" >&2 || true
  exit 1
}

build_test_image() {
  export DOCKER_HOST="$1"
  if docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then return; fi
  local busybox
  busybox="$(command -v busybox || true)"
  [[ -n "$busybox" ]] || { install_packages; busybox="$(command -v busybox)"; }
  local rootfs
  rootfs="$(mktemp -d)"
  mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev,var/log,srv}
  cp "$busybox" "$rootfs/bin/busybox"
  for applet in $("$rootfs/bin/busybox" --list); do
    [[ "$applet" == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  echo '<h1>irctl test web</h1>' >"$rootfs/srv/index.html"
  chmod 1777 "$rootfs/tmp"
  log "importing $TEST_IMAGE from a local busybox rootfs"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/bin' --change 'WORKDIR /' \
    --change 'CMD ["/bin/httpd","-f","-p","8080","-h","/srv"]' \
    --change 'LABEL org.opencontainers.image.title=irctl-test-busybox' \
    - "$TEST_IMAGE" >&2
  rm -rf "$rootfs"
}

host="$(choose_host)"
if [[ -z "$host" ]]; then
  start_private_engine
  host="unix://$PRIVATE_SOCK"
fi
build_test_image "$host"
echo "DOCKER_HOST=$host"

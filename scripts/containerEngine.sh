#!/usr/bin/env bash
# A Docker engine for perfgate's container provider, on a Debian 12 machine that reaches only
# Debian's mirror and npm (no image registry). Run as root. Idempotent.
#
#   bash scripts/containerEngine.sh up      install docker.io + mmdebstrap (once), start dockerd with
#                                           its state in $PERFGATE_ENGINE_DIR, build the images (once)
#   eval "$(bash scripts/containerEngine.sh env)"
#                                           DOCKER_HOST, TESTCONTAINERS_*, PERFGATE_*_IMAGE for this shell
#   bash scripts/containerEngine.sh status  is it up, which images, which containers
#   bash scripts/containerEngine.sh down    remove every container, stop dockerd, unmount, delete the
#                                           bridge and $PERFGATE_ENGINE_DIR (images included)
#
# The images are stand-ins for the official ones, built from Debian 12 packages (scripts/engine/):
# perfgate-local/postgres:15 (PostgreSQL 15) and perfgate-local/redis:7 (Redis 7.0). dockerd gets
# its own bridge (perfgate0), publishes ports on 127.0.0.1 only and leaves iptables and sysctls alone.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
D=${PERFGATE_ENGINE_DIR:-${TMPDIR:-/tmp}/perfgate-engine}
SOCK=$D/docker.sock
BRIDGE=perfgate0
BRIDGE_CIDR=172.31.250.1/24
PG_IMAGE=perfgate-local/postgres:15
REDIS_IMAGE=perfgate-local/redis:7
BASE_IMAGE=perfgate-local/debian:12
export DOCKER_HOST=unix://$SOCK
export DEBIAN_FRONTEND=noninteractive

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
say() { echo "[engine $(date -u +%T)] $*"; }
docker_cli() { if [ -x /usr/bin/docker ]; then /usr/bin/docker "$@"; else docker "$@"; fi; }
alive() { [ -s "$D/dockerd.pid" ] && kill -0 "$(cat "$D/dockerd.pid")" 2>/dev/null; }

# The first URIs line of this machine's apt sources matching $1 (Debian's mirror, its security mirror).
apt_uri() { grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -E "$1" | head -1; }

install_packages() {
  if command -v dockerd >/dev/null && command -v mmdebstrap >/dev/null; then return; fi
  local t; t=$(now)
  local had_system_dockerd=no; [ -S /var/run/docker.sock ] && had_system_dockerd=yes
  apt-get install -y --no-install-recommends docker.io mmdebstrap >"$D/apt.log" 2>&1 \
    || { apt-get update >>"$D/apt.log" 2>&1 && apt-get install -y --no-install-recommends docker.io mmdebstrap >>"$D/apt.log" 2>&1; } \
    || { tail -20 "$D/apt.log"; exit 1; }
  # Without policy-rc.d the package starts a dockerd on /var/run/docker.sock; perfgate's tests must
  # not find one there (they check the no-engine path), so stop what the install started.
  if [ "$had_system_dockerd" = no ] && [ -S /var/run/docker.sock ]; then
    (service docker stop || systemctl stop docker docker.socket) >/dev/null 2>&1 || true
  fi
  say "installed docker.io and mmdebstrap in $(since "$t") s"
}

start_dockerd() {
  if alive && docker_cli version >/dev/null 2>&1; then say "dockerd already running (pid $(cat "$D/dockerd.pid"))"; return; fi
  local t; t=$(now)
  mkdir -p "$D/data" "$D/exec"
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  # No systemd here: cgroupfs. --iptables/--ip-forward/--ip-masq=false leave the machine's firewall
  # alone (published ports go through docker-proxy; containers have no outbound NAT, so builds use
  # the host network). --ip 127.0.0.1: published ports listen on loopback only.
  setsid dockerd \
    --host "unix://$SOCK" --data-root "$D/data" --exec-root "$D/exec" --pidfile "$D/dockerd.pid" \
    --storage-driver overlay2 --bridge "$BRIDGE" \
    --iptables=false --ip-forward=false --ip-masq=false --ip 127.0.0.1 \
    --log-level warn </dev/null >"$D/dockerd.log" 2>&1 &
  for _ in $(seq 1 120); do docker_cli version >/dev/null 2>&1 && break; sleep 0.25; done
  docker_cli version >/dev/null 2>&1 || { tail -30 "$D/dockerd.log"; exit 1; }
  say "dockerd up (pid $(cat "$D/dockerd.pid")) in $(since "$t") s"
}

build_images() {
  local t; t=$(now)
  if ! docker_cli image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    local mirror security
    mirror=${DEBIAN_MIRROR:-$(apt_uri '/debian/?$')}
    security=${DEBIAN_SECURITY_MIRROR:-$(apt_uri 'debian-security/?$')}
    mmdebstrap --variant=minbase --mode=root --aptopt='APT::Install-Recommends "false"' bookworm - \
      "deb ${mirror:-http://deb.debian.org/debian} bookworm main" \
      "deb ${mirror:-http://deb.debian.org/debian} bookworm-updates main" \
      "deb ${security:-http://deb.debian.org/debian-security} bookworm-security main" \
      2>"$D/mmdebstrap.log" | docker_cli import -c 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null \
      || { tail -20 "$D/mmdebstrap.log"; exit 1; }
    say "base image $BASE_IMAGE (mmdebstrap | docker import) in $(since "$t") s"
    t=$(now)
  fi
  docker_cli build --network host -t "$PG_IMAGE" "$HERE/engine/postgres" >"$D/build-postgres.log" 2>&1 & local pg=$!
  docker_cli build --network host -t "$REDIS_IMAGE" "$HERE/engine/redis" >"$D/build-redis.log" 2>&1 & local rd=$!
  wait "$pg" || { tail -30 "$D/build-postgres.log"; exit 1; }
  wait "$rd" || { tail -30 "$D/build-redis.log"; exit 1; }
  say "built $PG_IMAGE and $REDIS_IMAGE in $(since "$t") s"
}

print_env() {
  cat <<EOF
export DOCKER_HOST=unix://$SOCK
# Ryuk, Testcontainers' reaper, is an image on Docker Hub: it cannot be pulled here. perfgate's own
# leftover sweep removes containers whose owner process is gone.
export TESTCONTAINERS_RYUK_DISABLED=true
# /.dockerenv exists on these machines: without this Testcontainers would look for the host through
# the bridge gateway. Ports are published on 127.0.0.1.
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
export PERFGATE_POSTGRES_IMAGE=$PG_IMAGE
export PERFGATE_REDIS_IMAGE=$REDIS_IMAGE
EOF
}

up() {
  mkdir -p "$D"
  local t; t=$(now)
  install_packages
  start_dockerd
  if docker_cli image inspect "$PG_IMAGE" "$REDIS_IMAGE" >/dev/null 2>&1; then say "images already built"; else build_images; fi
  print_env >"$D/env.sh"
  docker_cli images --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' | grep perfgate-local
  say "engine ready in $(since "$t") s (DOCKER_HOST=unix://$SOCK)"
}

status() {
  if ! alive; then echo "down"; return 1; fi
  echo "up: dockerd pid $(cat "$D/dockerd.pid"), DOCKER_HOST=unix://$SOCK"
  docker_cli ps -a --format '  {{.ID}} {{.Image}} {{.Status}} {{.Labels}}'
}

down() {
  if alive; then
    local pid; pid=$(cat "$D/dockerd.pid")
    local ids; ids=$(docker_cli ps -aq)
    [ -z "$ids" ] || { docker_cli rm -f -v $ids >/dev/null && say "removed $(echo "$ids" | wc -l) container(s)"; }
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    say "dockerd (pid $pid) stopped"
  else
    say "dockerd not running"
  fi
  # dockerd leaves the host netns bind-mounted under its exec root, and overlay mounts if killed.
  awk -v d="$D/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l || true
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; say "deleted bridge $BRIDGE"; fi
  rm -rf "$D"
  say "removed $D"
  # Testcontainers' own lock file in the temp dir, which it leaves behind after every run.
  rm -f "${TMPDIR:-/tmp}"/testcontainers-node-*.lock
}

case "${1:-}" in
  up) up ;;
  env) print_env ;;
  status) status ;;
  down) down ;;
  *) echo "usage: $0 up|env|status|down" >&2; exit 2 ;;
esac

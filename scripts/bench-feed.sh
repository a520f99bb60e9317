#!/usr/bin/env bash
# Benchmark the activity feed (offset pages vs cursors) on a separate database, never the
# developer's: the embedded PostgreSQL in .data/bench-postgres, or a database spotless_bench on
# DATABASE_URL's server when it is set. Seeds a million events by default, then writes
# docs/feed-benchmark.md and docs/feed-benchmark.png.
# Options: --events N (1000000), --samples N (50), --threads N (8), --creates N (150), --keep.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
backend_exec bench.feed "$@"

#!/usr/bin/env bash
# Benchmark GET /cleanings/search on a separate database, never the developer's: the embedded
# PostgreSQL in .data/bench-postgres, or a database spotless_bench_search on DATABASE_URL's
# server when it is set. Seeds 100,000 jobs by default, times each filter, sort and page
# through the app in process, and writes docs/search-benchmark.md and docs/search-benchmark.png.
# Options: --jobs N (100000), --samples N (30), --keep.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
backend_exec bench.search "$@"

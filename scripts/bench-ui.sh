#!/usr/bin/env bash
# First loads of the web UI's pages in Chromium (Largest Contentful Paint, JavaScript
# transferred; the median of 5 cold loads each) on the demo data, written to
# docs/ui-performance.md. Starts its own app on a throwaway embedded PostgreSQL (port 8795,
# BENCH_PORT), as the browser tests do; not part of ./scripts/test.sh.
# Environment: BENCH_RUNS (5), CHROMIUM_PATH (/usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_uv
ensure_node_modules
build_web_ui
exec node frontend/scripts/bench-ui.mjs

#!/usr/bin/env bash
# Serve Spotless on http://localhost:${PORT:-8000}: builds the web UI when needed (Node 20+),
# installs the backend's environment, starts the embedded PostgreSQL (unless DATABASE_URL is
# set), migrates, creates the first superuser, then serves the API and the UI on one port.
# Ctrl-C stops everything it started, the database included.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
build_web_ui
backend_exec app.serve

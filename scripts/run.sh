#!/usr/bin/env bash
# Serve Spotless on http://localhost:${PORT:-8000}: installs the backend's environment, starts
# the embedded PostgreSQL (unless DATABASE_URL is set), migrates, creates the first superuser.
# Ctrl-C stops everything it started, the database included.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
backend_exec app.serve

#!/usr/bin/env bash
# Fill the app's database with demo data: users, cleanings, offers in every state, evaluations.
# Uses the embedded PostgreSQL (unless DATABASE_URL is set), migrates, creates the first
# superuser, then adds the data. Options: --users N (50), --cleanings N (500), --seed N (1).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
backend_exec app.demo "$@"

#!/usr/bin/env bash
# Every test suite the project has; exits non-zero if any check fails.
# Tests run on a throwaway embedded PostgreSQL (or a separate database on DATABASE_URL's server).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_uv

cd backend
uv sync --frozen --quiet
echo "== ruff"
uv run --frozen ruff check app tests bench
uv run --frozen ruff format --check app tests bench
echo "== mypy (strict)"
uv run --frozen mypy app tests bench
echo "== pytest"
uv run --frozen pytest --cov=app --cov-report=term-missing:skip-covered --cov-fail-under=90 "$@"

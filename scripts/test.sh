#!/usr/bin/env bash
# Every test suite the project has; exits non-zero if any check fails. Arguments go to pytest.
# Backend tests run on a throwaway embedded PostgreSQL (or a separate database on DATABASE_URL's
# server); the browser tests start the app the way ./scripts/run.sh does, on a throwaway
# embedded database, and drive Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_uv
ensure_node_modules

(
  cd backend
  uv sync --frozen --quiet
  echo "== ruff"
  uv run --frozen ruff check app tests bench ops
  uv run --frozen ruff format --check app tests bench ops
  echo "== mypy (strict)"
  uv run --frozen mypy app tests bench ops
)
(
  cd frontend
  echo "== biome (lint and format)"
  npm run --silent lint
  echo "== tsc"
  npm run --silent typecheck
)
echo "== API client drift"
./scripts/generate-client.sh --check
echo "== pytest"
(cd backend && uv run --frozen pytest --cov=app --cov-report=term-missing:skip-covered --cov-fail-under=90 "$@")
echo "== web UI build"
(cd frontend && npm run --silent build >/dev/null)
echo "== web UI size (JavaScript of a first visit, brotli)"
(cd frontend && node scripts/check-bundle-size.mjs)
echo "== browser tests (Playwright, Chromium)"
(cd frontend && npx playwright test)

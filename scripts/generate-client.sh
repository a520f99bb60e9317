#!/usr/bin/env bash
# Regenerate the frontend's API client from the backend's OpenAPI schema, without a server:
# writes frontend/openapi.json from the app object, then runs @hey-api/openapi-ts into
# frontend/src/client. Needs Node 20+ and the frontend's node modules (npm ci in frontend/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_uv
(cd backend && uv sync --frozen --quiet && uv run --frozen python -m app.openapi) > frontend/openapi.json
cd frontend
[ -d node_modules ] || npm ci --no-audit --no-fund
npx openapi-ts

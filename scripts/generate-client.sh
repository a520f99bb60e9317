#!/usr/bin/env bash
# Regenerate the frontend's API client from the backend's OpenAPI schema, without a server:
# writes frontend/openapi.json from the app object, then runs @hey-api/openapi-ts into
# frontend/src/client. Needs Node 20+ (and installs the frontend's node modules if missing).
#   --check   generate into a temporary folder and fail if the committed client differs
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_uv
ensure_node_modules

out=$PWD/frontend
if [ "${1:-}" = "--check" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  mkdir -p "$out/src"
fi
(cd backend && uv sync --frozen --quiet && uv run --frozen python -m app.openapi) >"$out/openapi.json"
(cd frontend && OPENAPI_JSON="$out/openapi.json" CLIENT_OUT="$out/src/client" npx openapi-ts >/dev/null)

if [ "$out" != "$PWD/frontend" ]; then
  if ! diff -r -q frontend/openapi.json "$out/openapi.json" >/dev/null ||
    ! diff -r -q frontend/src/client "$out/src/client"; then
    echo "The committed API client is stale: run ./scripts/generate-client.sh and commit it." >&2
    exit 1
  fi
  echo "The committed API client matches the API."
fi

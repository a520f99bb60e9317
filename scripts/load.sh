#!/usr/bin/env bash
# Load test (not part of test.sh): the app as ./scripts/run.sh serves it, on a throwaway
# embedded PostgreSQL, under locust's mixed workload (scripts/load/locustfile.py) on loopback,
# at 1 and at 2 workers (WEB_CONCURRENCY). Writes docs/load.md.
#   DURATION (seconds, default 60), USERS (default 20), MAX_REQUESTS (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_uv
(cd backend && uv sync --frozen --quiet)

DURATION=${DURATION:-60}
USERS=${USERS:-20}
export MAX_REQUESTS=${MAX_REQUESTS:-200000}
LOCUST=locust==2.47.0
out=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$out"
}
trap cleanup EXIT

for workers in 1 2; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "== $workers worker(s) on port $port, $USERS users, ${DURATION}s"
  (
    cd backend
    # A fresh database for each run; login throttling on as configured (every user logs in
    # with their own right password, so it never refuses one). All the simulated users sign
    # up from 127.0.0.1: the per-address signup limit is lifted for them.
    exec env WEB_CONCURRENCY="$workers" PORT="$port" DATABASE_URL= \
      SIGNUP_REQUESTS_PER_ADDRESS=100000000 \
      EMBEDDED_PGDATA="$out/pg-$workers" uv run --frozen python -m app.serve
  ) >"$out/server-$workers.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do
    curl -fsS "http://127.0.0.1:$port/api/v1/utils/ready/" >/dev/null 2>&1 && break
    sleep 0.5
  done
  # The generator shares the machine: its own CPU time is measured too.
  python3 - "$out/cpu-$workers" uvx --quiet --from "$LOCUST" locust \
    -f scripts/load/locustfile.py --headless -u "$USERS" -r "$USERS" -t "${DURATION}s" \
    --host "http://127.0.0.1:$port" --csv "$out/w$workers" --only-summary \
    >"$out/locust-$workers.log" 2>&1 <<'PY' || true
import resource, subprocess, sys, time
start = time.monotonic()
code = subprocess.run(sys.argv[2:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write(f"{usage.ru_utime + usage.ru_stime:.1f} {time.monotonic() - start:.1f}\n")
sys.exit(code)
PY
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done

uv run --project backend --frozen python scripts/load/report.py "$out" "$USERS" "$DURATION" >docs/load.md
echo "Wrote docs/load.md"

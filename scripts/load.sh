#!/usr/bin/env bash
# Load test (not part of test.sh): the app as ./scripts/run.sh serves it, on a throwaway
# embedded PostgreSQL, under locust's mixed workload (scripts/load/locustfile.py) on loopback,
# at 1 and at 2 workers (WEB_CONCURRENCY). Writes docs/load.md.
#   DURATION (seconds, default 60), USERS (default 20), MAX_REQUESTS (default 200000)
# --cluster: the same workload through HAProxy against ./scripts/cluster.sh's cluster
# (a throwaway one: primary, replica, PgBouncers, API_REPLICAS processes of WEB_CONCURRENCY
# workers, defaults 2 and 1). Writes docs/load-cluster.md.
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

# run_locust NAME PORT: the workload against 127.0.0.1:PORT for DURATION seconds; results in
# $out/wNAME*.csv, its log in $out/locust-NAME.log. The generator shares the machine: its own
# CPU time is measured too ($out/cpu-NAME: CPU seconds and wall seconds).
run_locust() {
  python3 - "$out/cpu-$1" uvx --quiet --from "$LOCUST" locust \
    -f scripts/load/locustfile.py --headless -u "$USERS" -r "$USERS" -t "${DURATION}s" \
    --host "http://127.0.0.1:$2" --csv "$out/w$1" --only-summary \
    >"$out/locust-$1.log" 2>&1 <<'PY' || true
import resource, subprocess, sys, time
start = time.monotonic()
code = subprocess.run(sys.argv[2:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write(f"{usage.ru_utime + usage.ru_stime:.1f} {time.monotonic() - start:.1f}\n")
sys.exit(code)
PY
}

if [ "${1:-}" = --cluster ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  replicas=${API_REPLICAS:-2}
  workers=${WEB_CONCURRENCY:-1}
  echo "== cluster: $replicas API processes of $workers worker(s) behind HAProxy on port $port, $USERS users, ${DURATION}s"
  (
    cd backend
    exec env CLUSTER_DIR="$out/cluster" PORT="$port" API_REPLICAS="$replicas" \
      WEB_CONCURRENCY="$workers" SIGNUP_REQUESTS_PER_ADDRESS=100000000 \
      uv run --frozen python -m ops.cluster up
  ) >"$out/server-cluster.log" 2>&1 &
  server=$!
  for _ in $(seq 300); do
    grep -q "serving on" "$out/server-cluster.log" && break
    kill -0 "$server" 2>/dev/null || { cat "$out/server-cluster.log"; exit 1; }
    sleep 1
  done
  run_locust cluster "$port"
  # Which server answered the reads that may go to the replica: a sample through HAProxy.
  (cd backend && uv run --frozen python - "$port" >"$out/servers-cluster" <<'PY'
import collections, sys, uuid
import httpx
base = f"http://127.0.0.1:{sys.argv[1]}/api/v1"
email = f"{uuid.uuid4().hex[:10]}@example.com"
httpx.post(f"{base}/users/signup", json={"email": email, "password": "a-good-password"})
token = httpx.post(f"{base}/login/access-token", data={"username": email, "password": "a-good-password"}).json()["access_token"]
seen = collections.Counter()
with httpx.Client(headers={"Authorization": f"Bearer {token}"}) as c:
    for _ in range(100):
        r = c.get(f"{base}/feed/cleanings/")
        seen[r.headers["server-timing"].split('desc="', 1)[1].split('"', 1)[0]] += 1
print(" ".join(f"{k}={v}" for k, v in sorted(seen.items())))
PY
  ) || true
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  RUNS=cluster API_REPLICAS="$replicas" WEB_CONCURRENCY="$workers" \
    uv run --project backend --frozen python scripts/load/report.py "$out" "$USERS" "$DURATION" >docs/load-cluster.md
  echo "Wrote docs/load-cluster.md"
  exit 0
fi

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
  run_locust "$workers" "$port"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done

uv run --project backend --frozen python scripts/load/report.py "$out" "$USERS" "$DURATION" >docs/load.md
echo "Wrote docs/load.md"

"""The API benchmark's measurements: the endpoints, wrk runs in alternating rounds against the
app and the floor, and what each run cost in CPU."""

import argparse
import json
import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
from sqlalchemy import Engine, text

from app.core.config import settings
from bench.load import Endpoint, Run, load
from bench.report import say
from bench.seeding import PASSWORD, user_email
from bench.server import Server, tree_cpu_seconds

BENCH_DB = "spotless_bench_api"
API = settings.API_V1_STR
# The bench user who owns the items, reads them and adds more. Added by another user, the
# posted items were the newest of all; PostgreSQL, taking each of the two owners for half the
# table, then walked the all-items index backwards past every one of them for the reader's
# page (16 ms a page after a few runs, halving its rate; with many owners it does not).
READER = 0
ITEMS = 10_000

FLOOR = Endpoint("floor: bare FastAPI app", "/")
ENDPOINTS = [
    Endpoint("GET /utils/health-check/", f"{API}/utils/health-check/"),
    Endpoint("GET /users/me", f"{API}/users/me", user=READER),
    Endpoint("GET /items/?limit=20", f"{API}/items/?limit=20", user=READER),
    Endpoint(
        "POST /items/",
        f"{API}/items/",
        method="POST",
        body=json.dumps({"title": "Posted by wrk", "description": "bench"}),
        user=READER,
    ),
    Endpoint(
        "GET /feed/cleanings/cursor?limit=20",
        f"{API}/feed/cleanings/cursor?limit=20",
        user=READER,
    ),
]


# The signed-in endpoints (those with targets), served by the app as it was before the work
# on its CPU per request (api.BEFORE_REV), in the same rounds: their ratio does not depend on
# how fast this machine is.
SIGNED_IN = [e for e in ENDPOINTS if e.user is not None]


def before_name(name: str) -> str:
    return f"{name} (before)"


def before(endpoint: Endpoint) -> Endpoint:
    return replace(endpoint, name=before_name(endpoint.name))


@dataclass
class Measured:
    """Every round's run of every endpoint (the floor's included) at one worker count."""

    workers: int
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def median(self, name: str) -> Run:
        """The run with the median rate (its latencies and CPU go with it)."""
        runs = sorted(self.runs[name], key=lambda r: r.rate)
        return runs[(len(runs) - 1) // 2]

    def share(self, name: str) -> float:
        """The endpoint's rate over the floor's in the same round, median over the rounds."""
        floor = self.runs[FLOOR.name]
        return statistics.median(
            run.rate / f.rate for run, f in zip(self.runs[name], floor, strict=True)
        )

    def cpu_ms(self, name: str) -> list[float]:
        """The app's CPU ms per request (its processes, from /proc), a value per round."""
        return [run.per_request_ms(run.python_cpu) for run in self.runs[name]]

    def errors(self) -> int:
        return sum(run.errors for runs in self.runs.values() for run in runs)


def postmaster_pid(engine: Engine) -> int | None:
    """PostgreSQL's main process, when it runs on this machine (its CPU time is counted)."""
    with engine.connect() as conn:
        data_directory = conn.execute(text("SHOW data_directory")).scalar_one()
    try:
        return int((Path(data_directory) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def token(base: str, user: int) -> dict[str, str]:
    response = httpx.post(
        f"{base}{API}/login/access-token",
        data={"username": user_email(user), "password": PASSWORD},
        timeout=30,
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def measure(
    workers: int,
    app: Server,
    floor: Server,
    postgres: int | None,
    args: argparse.Namespace,
    earlier: Server | None = None,
) -> Measured:
    """Every endpoint on `app`, the floor and, with `earlier` (the app before the work on
    it), the signed-in endpoints there too, in alternating rounds."""
    users = {e.user for e in SIGNED_IN if e.user is not None}
    servers = [app] if earlier is None else [app, earlier]
    headers = {(s.base, user): token(s.base, user) for s in servers for user in users}
    plan = [(floor, FLOOR)] + [(app, e) for e in ENDPOINTS]
    if earlier is not None:
        plan += [(earlier, before(e)) for e in SIGNED_IN]
    measured = Measured(workers)

    def run(server: Server, endpoint: Endpoint, seconds: float) -> Run:
        def cpu() -> tuple[float, float]:
            pg = tree_cpu_seconds(postgres) if postgres else float("nan")
            return server.cpu_seconds(), pg

        return load(
            server.base + endpoint.path,
            endpoint,
            headers[(server.base, endpoint.user)] if endpoint.user is not None else {},
            seconds=seconds,
            connections=args.connections,
            threads=args.threads,
            cpu=cpu,
        )

    for server, endpoint in plan:  # warm-up: connections, caches, the JIT-less paths
        run(server, endpoint, args.warmup)
    for n in range(args.rounds):
        # A B ... B A: drift over the run weighs on every endpoint alike.
        for server, endpoint in plan if n % 2 == 0 else plan[::-1]:
            result = run(server, endpoint, args.seconds)
            measured.runs.setdefault(endpoint.name, []).append(result)
            say(
                f"  {measured.workers} worker(s), round {n + 1}: {endpoint.name:<36}"
                f" {result.rate:8,.0f} req/s  p50 {result.p50_ms:6.2f} ms"
                f"  p99 {result.p99_ms:7.2f} ms"
                f"  CPU {result.per_request_ms(result.python_cpu):5.2f} ms/req"
                f"  errors {result.errors}"
            )
    return measured

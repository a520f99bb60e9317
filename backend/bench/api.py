"""The API under load: `python -m bench.api [--seconds N] [--rounds N] ...`.

Seeds a separate database (`spotless_bench_api`, on the embedded PostgreSQL in
.data/bench-postgres, or on DATABASE_URL's server when it is set): 1,000 users, one of them with
10,000 items, and a feed of a few thousand events. Then, at 1 and at 2 workers, starts the app
the way ./scripts/run.sh does (`python -m app.serve`) and, beside it, a bare FastAPI app under
the same uvicorn settings (the floor), and loads each endpoint with wrk in alternating rounds,
counting the CPU time of the server's processes and of PostgreSQL's. Writes
docs/api-benchmark.md and docs/api-benchmark.png.

Run it with ./scripts/bench-api.sh (--help for the options).
"""

import argparse
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import create_engine

from app.core.config import REPO_ROOT
from app.prestart import migrate
from bench.api_measure import (
    BENCH_DB,
    ITEMS,
    READER,
    Measured,
    measure,
    postmaster_pid,
)
from bench.api_report import write_report
from bench.database import bench_database
from bench.load import wrk
from bench.report import load as load_average
from bench.report import machine, say
from bench.seeding import SPAN, Seeder
from bench.server import app_server, floor_server

# The last commit before the work on the app's CPU per request (the "Spotless before"
# figures): its backend, served beside today's on the same data, gives each endpoint's ratio
# to it, which does not depend on how fast the machine is.
BEFORE_REV = "5d798d3"


@contextmanager
def backend_of(rev: str) -> Iterator[Path]:
    """The backend folder of commit `rev`, exported from this repository's history."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "archive", rev, "backend"],
            cwd=REPO_ROOT,
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            raise SystemExit(
                f"git archive {rev} failed (--before none skips the comparison):\n"
                + archive.stderr.decode(errors="replace")
            )
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        yield Path(folder) / "backend"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench-api",
        description="Load the API with wrk against a bare FastAPI app.",
    )
    parser.add_argument("--seconds", type=float, default=5, help="per run (5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (3)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds (2)")
    parser.add_argument("--connections", type=int, default=32, help="wrk -c (32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (2)")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="worker counts (1 2)"
    )
    parser.add_argument("--events", type=int, default=5_000, help="feed events (5000)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--before",
        default=BEFORE_REV,
        metavar="REV",
        help=f"the app before, served beside at 1 worker ({BEFORE_REV}; none: not)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.seconds < 1 or min(args.workers) < 1:
        parser.error("--rounds, --seconds and --workers must be at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    wrk()  # before minutes of seeding: is it there?
    began = time.perf_counter()
    load_at_start = load_average()
    results: list[Measured] = []
    with bench_database(BENCH_DB, keep=args.keep) as (url, where):
        migrate(url)
        engine = create_engine(url)
        seeder = Seeder(engine, args.events, datetime.now(UTC) - SPAN)
        seeder.users()
        seeder.grow_to(args.events, f"seed {args.events:,} events")
        seeder.items(READER, ITEMS)
        info = machine(engine, where)
        postgres = postmaster_pid(engine)
        engine.dispose()
        for workers in args.workers:
            with tempfile.TemporaryDirectory() as logs, ExitStack() as servers:
                app = servers.enter_context(app_server(url, workers, Path(logs)))
                floor = servers.enter_context(floor_server(workers, Path(logs)))
                earlier = None
                if workers == 1 and args.before != "none":
                    backend = servers.enter_context(backend_of(args.before))
                    earlier = servers.enter_context(
                        app_server(url, 1, Path(logs), backend=backend, name="before")
                    )
                say(
                    f"Serving with {workers} worker(s): the app, the floor"
                    + ("" if earlier is None else f" and the app of {args.before}")
                )
                results.append(measure(workers, app, floor, postgres, args, earlier))
    info["Load average (1 min) at start / end"] = (
        f"{load_at_start} / {load_average()} (other processes share this machine)"
    )
    write_report(results, args, info, time.perf_counter() - began, postgres is not None)


if __name__ == "__main__":
    main()

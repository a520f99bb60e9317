"""The activity feed, offset pages against cursors: `python -m bench.feed [--events N] ...`.

Seeds a separate database (`spotless_bench`, on the embedded PostgreSQL in .data/bench-postgres,
or on DATABASE_URL's server when it is set) with a feed of N events, then times full API
requests through the real app, in process, at increasing depth; what an exact COUNT(*) would
cost against the trigger-kept counter; the counter's shards under concurrent writers. It prints
a table and writes docs/feed-benchmark.md and docs/feed-benchmark.png.

Run it with ./scripts/bench-feed.sh [--events N] [--samples N] [--keep] (--help for more).
"""

import argparse
import time
from datetime import UTC, datetime

from app.prestart import migrate
from bench.database import bench_database, point_app_at
from bench.feed_measure import (
    cursor_url,
    explain_request,
    measure_contention,
    measure_counts,
    measure_depths,
    offset_url,
)
from bench.feed_report import (
    BENCH_DB,
    SMALL,
    Results,
    print_summary,
    write_markdown,
)
from bench.plot import feed_plot
from bench.report import DOCS, load, machine, say
from bench.seeding import SPAN, USERS, Seeder, user_email, verify_counter
from bench.timing import Api, in_process_client


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench-feed",
        description="Benchmark the activity feed: offset pages vs cursors.",
    )
    parser.add_argument(
        "--events", type=int, default=1_000_000, help="feed size (default 1,000,000)"
    )
    parser.add_argument(
        "--samples", type=int, default=50, help="timed requests per point (default 50)"
    )
    parser.add_argument(
        "--threads", type=int, default=8, help="concurrent writers (default 8)"
    )
    parser.add_argument(
        "--creates",
        type=int,
        default=150,
        help="API creates per writer and round (default 150)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the seeded database for inspection"
    )
    args = parser.parse_args(argv)
    if args.events < SMALL:
        parser.error(f"--events must be at least {SMALL:,}")
    if args.samples < 5:
        parser.error("--samples must be at least 5")
    if not 1 <= args.threads < USERS or args.creates < 1:
        parser.error(f"--threads must be 1..{USERS - 1} and --creates at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    began = time.perf_counter()
    load_at_start = load()
    with bench_database(BENCH_DB, keep=args.keep) as (url, where):
        migrate(url)
        engine = point_app_at(url)
        seeder = Seeder(engine, args.events, datetime.now(UTC) - SPAN)
        seeder.users()
        seeder.grow_to(SMALL, f"seed {SMALL:,}")
        seeding = {"small": seeder.seconds}
        verify_counter(engine)

        with in_process_client() as client:
            api = Api(client, user_email(0))
            say(f"Measuring at {SMALL:,} events")
            offset_small, cursor_small = api.timed(
                [offset_url(0), cursor_url(None)], args.samples
            )
            small = (offset_small, cursor_small)
            counts = [measure_counts(engine, SMALL, args.samples)]

            if args.events > SMALL:
                seeder.grow_to(args.events, f"seed {args.events:,}")
            seeding["grow"] = seeder.seconds - seeding["small"]
            seeding["total"] = seeder.seconds
            say(f"Seeded in {seeder.seconds:.1f} s")
            verify_counter(engine)

            say(f"Measuring at {args.events:,} events")
            depths, cursors, floor = measure_depths(
                api, engine, args.events, args.samples
            )
            if args.events > SMALL:
                counts.append(measure_counts(engine, args.events, args.samples))
            deepest = depths[-1].depth
            plans = [
                explain_request(
                    api, engine, offset_url(deepest), f"Offset: skip={deepest:,}"
                ),
                explain_request(
                    api,
                    engine,
                    cursor_url(cursors[deepest]),
                    f"Cursor: after event {deepest:,}",
                ),
            ]

            say(f"Counter contention: {args.threads} writers")
            contention = measure_contention(client, engine, args.threads, args.creates)
            after = verify_counter(engine)

        info = machine(engine, where)
        info["Load average (1 min) at start / end"] = (
            f"{load_at_start} / {load()} (other processes share this machine)"
        )
        results = Results(
            events=args.events,
            samples=args.samples,
            info=info,
            seeding=seeding,
            small=small,
            counts=counts,
            depths=depths,
            floor=floor,
            plans=plans,
            contention=contention,
            events_after_contention=after,
        )
        print_summary(results)
        DOCS.mkdir(exist_ok=True)
        feed_plot(depths, args.events, DOCS / "feed-benchmark.png")
        write_markdown(DOCS / "feed-benchmark.md", results, time.perf_counter() - began)
    say()
    say("Wrote docs/feed-benchmark.md and docs/feed-benchmark.png")
    say(f"Total run time: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()

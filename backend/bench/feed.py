"""The activity feed, offset pages against cursors: `python -m bench.feed [--events N] ...`.

Seeds a separate database (`spotless_bench`, on the embedded PostgreSQL in .data/bench-postgres,
or on DATABASE_URL's server when it is set) with a feed of N events, then times full API
requests through the real app, in process, at increasing depth; what an exact COUNT(*) would
cost against the trigger-kept counter; the counter's shards under concurrent writers. It prints
a table and writes docs/feed-benchmark.md and docs/feed-benchmark.png.

Run it with ./scripts/bench-feed.sh [--events N] [--samples N] [--keep] (--help for more).
"""

import argparse
import asyncio
import inspect
import os
import platform
import statistics
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Self

# The bench database is throwaway, so the local "changethis" secrets are beside the point;
# the warnings would only clutter the output. Set before the app's settings are imported.
warnings.filterwarnings("ignore", message=r'The value of \w+ is "changethis"')

import httpx  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text  # noqa: E402
from sqlmodel import Session  # noqa: E402
from tqdm import tqdm  # noqa: E402

from app.core import db as app_db  # noqa: E402
from app.core.config import REPO_ROOT, settings  # noqa: E402
from app.core.security import get_password_hash  # noqa: E402
from app.crud.feed import (  # noqa: E402
    FeedPosition,
    count_events,
    encode_cursor,
    read_feed_after,
    read_feed_page,
)
from app.main import app  # noqa: E402
from app.prestart import migrate  # noqa: E402

BENCH_DB = "spotless_bench"
BENCH_PGDATA = REPO_ROOT / ".data" / "bench-postgres"
DOCS = REPO_ROOT / "docs"
API = settings.API_V1_STR

SMALL = 10_000  # the feed measured first, to compare the same requests at 10k and at N
CHUNK = 50_000  # events per INSERT ... SELECT: one statement, one counter update
USERS = 1_000
EVENTS_PER_CLEANING = 10  # every 10th event creates a cleaning, the others update one
PAGE = 20
DEPTHS = (0.0, 0.01, 0.10, 0.50, 0.99)
PASSWORD = "bench-password"
SPAN = timedelta(days=365)
SHARDED = "16 shards (pid % 16)"
SINGLE = "single row (shard 0)"


def say(line: str = "") -> None:
    # Through tqdm, so lines never tear a progress bar.
    tqdm.write(line)


# --- the database ------------------------------------------------------------------------


@contextmanager
def bench_database(*, keep: bool) -> Iterator[tuple[str, str]]:
    """A fresh `spotless_bench` database on the embedded server or DATABASE_URL's server."""
    if settings.DATABASE_URL:
        server_url, where = settings.DATABASE_URL, "the server of DATABASE_URL"
    else:
        # Its own cluster: the developer's .data/postgres is never started or touched.
        server_url = app_db.start_embedded(BENCH_PGDATA)
        where = f"embedded PostgreSQL in {BENCH_PGDATA.relative_to(REPO_ROOT)}"
    if make_url(server_url).database == BENCH_DB:
        raise SystemExit(f"DATABASE_URL must not name the bench database {BENCH_DB}")
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    url = make_url(server_url).set(database=BENCH_DB).render_as_string(False)
    say(f"Bench database: {BENCH_DB} on {where}")
    try:
        yield url, where
    finally:
        # The app's pooled connections would otherwise hold the database open. Only when the
        # app points here: get_engine() would otherwise start the developer's database.
        if settings.DATABASE_URL == url:
            app_db.get_engine().dispose()
        if keep:
            say(f"Kept the database {BENCH_DB} ({where}) for inspection.")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        admin.dispose()


def point_app_at(url: str) -> Engine:
    """Requests through the app now use the bench database, as the tests' fixtures do."""
    settings.DATABASE_URL = url
    app_db.database_url.cache_clear()
    app_db.get_engine.cache_clear()
    return app_db.get_engine()


def autocommit(engine: Engine) -> Connection:
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


# --- seeding -----------------------------------------------------------------------------
# Everything is derived from the row number with a deterministic hash, so the cleanings an
# event refers to can be computed in SQL without carrying ids around, and every run seeds a
# feed of the same shape. Events are inserted in time order (identity ids grow with time, as they do in a
# live feed), spread evenly over the past year; groups of four share one microsecond so the
# id tie-break is exercised.


def _frac(expr: str, seed: int) -> str:
    """A pseudo-random float in [0, 1) from an integer SQL expression."""
    return (
        f"((hashint8extended(({expr})::bigint, {seed}) & 281474976710655)::float8"
        " / 281474976710656)"
    )


def _at(key: str) -> str:
    return (
        "(CAST(:start AS timestamptz) + make_interval(secs => :span * ("
        + key
        + ")::float8 / :n))"
    )


_TIE_KEY = "CASE WHEN g % 50 BETWEEN 5 AND 8 THEN g - g % 50 + 5 ELSE g END"

SEED_USERS = text(
    """
    INSERT INTO "user" (id, email, username, hashed_password, full_name,
                        is_active, is_superuser, created_at)
    SELECT md5('bench-user-' || u)::uuid, 'bench-user-' || u || '@example.com',
           'bench_' || lpad(u::text, 4, '0'), :hash, 'Bench User ' || u,
           true, false, CAST(:start AS timestamptz) - interval '1 day'
    FROM generate_series(0, :users - 1) AS u
    """
)

SEED_CLEANINGS = text(
    f"""
    INSERT INTO cleaning (id, owner_id, name, description, price, cleaning_type,
                          created_at, updated_at)
    SELECT md5('bench-cleaning-' || c)::uuid,
           md5('bench-user-' || floor({_frac("c", 1)} * :users)::int)::uuid,
           'Bench job ' || c, 'Seeded by the feed benchmark.',
           (10 + floor({_frac("c", 2)} * 190))::numeric(10, 2),
           (ARRAY['dust_up', 'spot_clean', 'full_clean'])[1 + c % 3],
           {_at("c * 10")}, {_at("c * 10")}
    FROM generate_series(:lo, :hi - 1) AS c
    """
)

# Event g creates cleaning g/10 when g % 10 = 0, else updates a cleaning created before it.
SEED_EVENTS = text(
    f"""
    INSERT INTO cleaning_event (cleaning_id, event_type, event_timestamp, changed_fields)
    SELECT md5('bench-cleaning-' || CASE WHEN g % 10 = 0 THEN g / 10
               ELSE floor({_frac("g", 3)} * (g / 10 + 1))::bigint END)::uuid,
           CASE WHEN g % 10 = 0 THEN 'is_create' ELSE 'is_update' END,
           {_at(_TIE_KEY)},
           (CASE WHEN g % 10 = 0 THEN '{{}}'
                 WHEN g % 4 = 0 THEN '{{price}}'
                 WHEN g % 4 = 1 THEN '{{name,description}}'
                 WHEN g % 4 = 2 THEN '{{cleaning_type}}'
                 ELSE '{{description,price}}' END)::varchar(32)[]
    FROM generate_series(:lo, :hi - 1) AS g
    ORDER BY g
    """
)

# The seeded updates changed their cleanings: make updated_at say so.
SYNC_UPDATED_AT = text(
    """
    UPDATE cleaning SET updated_at = last.at
    FROM (SELECT cleaning_id, max(event_timestamp) AS at FROM cleaning_event
          WHERE event_type = 'is_update' GROUP BY cleaning_id) AS last
    WHERE cleaning.id = last.cleaning_id AND cleaning.updated_at <> last.at
    """
)


@dataclass
class Seeder:
    engine: Engine
    total: int  # the final size: timestamps are spread as if the year held all of it
    start: datetime
    seeded: int = 0
    seconds: float = 0.0

    def params(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "span": SPAN.total_seconds(),
            "n": self.total,
            "users": USERS,
        }

    def users(self) -> None:
        began = time.perf_counter()
        # bcrypt is slow by design: one hash serves every bench user.
        with self.engine.begin() as conn:
            conn.execute(
                SEED_USERS, {**self.params(), "hash": get_password_hash(PASSWORD)}
            )
        self.seconds += time.perf_counter() - began

    def grow_to(self, target: int, label: str) -> None:
        began = time.perf_counter()
        with tqdm(
            total=target,
            initial=self.seeded,
            desc=label,
            unit="ev",
            unit_scale=True,
            file=sys.stdout,
        ) as bar:
            while self.seeded < target:
                lo, hi = self.seeded, min(self.seeded + CHUNK, target)
                # The cleanings created in this chunk first, then the events that refer to
                # them; one transaction per chunk.
                with self.engine.begin() as conn:
                    conn.execute(
                        SEED_CLEANINGS,
                        {
                            **self.params(),
                            "lo": -(-lo // EVENTS_PER_CLEANING),
                            "hi": -(-hi // EVENTS_PER_CLEANING),
                        },
                    )
                    conn.execute(SEED_EVENTS, {**self.params(), "lo": lo, "hi": hi})
                self.seeded = hi
                bar.update(hi - lo)
        with self.engine.begin() as conn:
            conn.execute(SYNC_UPDATED_AT)
        # VACUUM as well as ANALYZE: sets hint bits and the visibility map the way
        # autovacuum would in a living database, so no request pays for the bulk load.
        # CHECKPOINT: the bulk load's dirty pages are written now, not by a background
        # checkpoint that would share the 2 cores with the timed requests.
        with autocommit(self.engine) as conn:
            conn.execute(text('VACUUM (ANALYZE) cleaning, cleaning_event, "user"'))
            conn.execute(text("CHECKPOINT"))
        self.seconds += time.perf_counter() - began


def verify_counter(engine: Engine) -> int:
    with engine.connect() as conn:
        counted, kept = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM cleaning_event),"
                " (SELECT coalesce(sum(events), 0) FROM feed_counter)"
            )
        ).one()
    verdict = "exact" if counted == kept else "WRONG"
    say(
        f"Counter check: sum(feed_counter.events) = {kept:,}, count(*) = {counted:,} -> {verdict}"
    )
    if counted != kept:
        raise SystemExit("the trigger-kept counter disagrees with count(*)")
    return int(counted)


# --- timing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    p50: float
    p95: float

    @classmethod
    def of(cls, millis: list[float]) -> Self:
        p95 = statistics.quantiles(millis, n=20, method="inclusive")[18]
        return cls(statistics.median(millis), p95)


# The bench's event loop: requests into the app run on it (see InProcessClient).
LOOP = asyncio.new_event_loop()


def measure_together(
    actions: list[Callable[[], object]], *, samples: int
) -> list[Stat]:
    """Each action timed `samples` times, taking turns.

    Taking turns means load that comes and goes on the machine weighs on every action
    alike, so the ratios between them hold even when the absolute numbers wobble. An
    action may return an awaitable (a request into the app): it is awaited on LOOP, which
    keeps running for the whole measurement, as a server's loop does.
    """
    return LOOP.run_until_complete(_measure_together(actions, samples))


async def _measure_together(
    actions: list[Callable[[], object]], samples: int
) -> list[Stat]:
    async def run(action: Callable[[], object]) -> None:
        result = action()
        if inspect.isawaitable(result):
            await result

    # Warm-up first: connections, prepared statements, plan and buffer caches.
    for _ in range(max(3, samples // 10)):
        for action in actions:
            await run(action)
    millis: list[list[float]] = [[] for _ in actions]
    for _ in range(samples):
        for action, times in zip(actions, millis, strict=True):
            began = time.perf_counter()
            await run(action)
            times.append((time.perf_counter() - began) * 1000)
    return [Stat.of(times) for times in millis]


def measure(action: Callable[[], object], *, samples: int) -> Stat:
    return measure_together([action], samples=samples)[0]


def offset_url(skip: int) -> str:
    return f"{API}/feed/cleanings/?skip={skip}&limit={PAGE}"


def cursor_url(cursor: str | None) -> str:
    url = f"{API}/feed/cleanings/cursor?limit={PAGE}"
    return f"{url}&cursor={cursor}" if cursor else url


class InProcessClient:
    """Full requests into the ASGI app on this thread's event loop, as uvicorn serves them:
    routing, middleware, auth, the sync route in the threadpool, serialisation. Unlike
    TestClient, no hand-off to a portal thread per request (about 1.5 ms here, which no
    request to a real server pays; see the floor table)."""

    def __init__(self) -> None:
        transport = httpx.ASGITransport(app=app)
        self.client = httpx.AsyncClient(transport=transport, base_url="http://bench")

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return LOOP.run_until_complete(self.client.get(url, **kwargs))

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return LOOP.run_until_complete(self.client.post(url, **kwargs))

    def close(self) -> None:
        LOOP.run_until_complete(self.client.aclose())


@contextmanager
def in_process_client() -> Iterator[InProcessClient]:
    client = InProcessClient()
    try:
        yield client
    finally:
        client.close()


class Api:
    """One signed-in bench user's requests through the app, in process."""

    def __init__(self, client: InProcessClient, email: str) -> None:
        self.client = client
        response = client.post(
            f"{API}/login/access-token", data={"username": email, "password": PASSWORD}
        )
        response.raise_for_status()
        self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

    async def fetch(self, url: str) -> Any:
        response = await self.client.client.get(url, headers=self.headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code} {response.text}")
        return response.json()

    def get(self, url: str) -> Any:
        return LOOP.run_until_complete(self.fetch(url))

    def timed(self, urls: list[str], samples: int) -> list[Stat]:
        return measure_together(
            [partial(self.fetch, url) for url in urls], samples=samples
        )


def position_before(engine: Engine, depth: int) -> FeedPosition | None:
    """Where a cursor page starting at `depth` resumes: the event just before it."""
    if depth == 0:
        return None
    with engine.connect() as conn:
        at, event_id = conn.execute(
            text(
                "SELECT event_timestamp, id FROM cleaning_event"
                " ORDER BY event_timestamp DESC, id DESC OFFSET :o LIMIT 1"
            ),
            {"o": depth - 1},
        ).one()
    return FeedPosition(at, event_id)


@dataclass(frozen=True)
class DepthResult:
    fraction: float
    depth: int
    offset: Stat
    cursor: Stat

    @property
    def label(self) -> str:
        return "first page" if self.depth == 0 else f"{self.fraction:.0%}"


def _page_key(body: Any) -> list[tuple[str, str, str]]:
    return [(i["id"], i["event_timestamp"], i["event_type"]) for i in body["data"]]


def measure_depths(
    api: Api, engine: Engine, events: int, samples: int
) -> tuple[list[DepthResult], dict[int, str], dict[str, Stat]]:
    """Both variants at each depth, and the pieces of a request (see floor_parts)."""
    depths = [round(events * fraction) for fraction in DEPTHS]
    cursors: dict[int, str] = {}
    for depth in depths:
        position = position_before(engine, depth)
        if position:
            cursors[depth] = encode_cursor(position)
        # Both variants must show the same events, or the comparison means nothing.
        by_offset = api.get(offset_url(depth))
        by_cursor = api.get(cursor_url(cursors.get(depth)))
        if (
            _page_key(by_offset) != _page_key(by_cursor)
            or len(by_offset["data"]) != PAGE
        ):
            raise SystemExit(f"offset and cursor pages differ at depth {depth:,}")
        if by_offset["count"] != events or by_cursor["count"] != events:
            raise SystemExit(f"count is not {events:,} at depth {depth:,}")
    # The cheap requests take turns (see measure_together), the pieces of a request with
    # them so both are read under the same load; each deeper offset page gets a block of
    # its own, since its long scan evicts cached pages and would slow down whichever
    # request came right after it.
    cheap = [partial(api.fetch, offset_url(0))] + [
        partial(api.fetch, cursor_url(cursors.get(d))) for d in depths
    ]
    with Session(engine) as session, TestClient(app) as testclient:
        parts = floor_parts(api, session, testclient)
        stats = measure_together(cheap + list(parts.values()), samples=samples)
        session.rollback()
    cursor_stats = stats[1 : len(cheap)]
    floor = dict(zip(parts, stats[len(cheap) :], strict=True))
    offsets = [stats[0]] + [api.timed([offset_url(d)], samples)[0] for d in depths[1:]]
    results = [
        DepthResult(fraction, depth, offset, cursor)
        for fraction, depth, offset, cursor in zip(
            DEPTHS, depths, offsets, cursor_stats, strict=True
        )
    ]
    for r in results:
        say(
            f"  {r.label:>10} (skip {r.depth:>9,}): offset p50 {r.offset.p50:8.2f} ms,"
            f" cursor p50 {r.cursor.p50:6.2f} ms"
        )
    return results, cursors, floor


@dataclass(frozen=True)
class CountResult:
    events: int
    exact: Stat  # SELECT count(*)
    counter: Stat  # app.crud.feed.count_events


def measure_counts(engine: Engine, events: int, samples: int) -> CountResult:
    with engine.connect() as conn:
        exact = measure(
            lambda: conn.execute(
                text("SELECT count(*) FROM cleaning_event")
            ).scalar_one(),
            samples=samples,
        )
    with Session(engine) as session:
        counter = measure(lambda: count_events(session=session), samples=samples)
        session.rollback()
    return CountResult(events, exact, counter)


# --- query plans -------------------------------------------------------------------------


@contextmanager
def recorded_statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any
    ) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@dataclass(frozen=True)
class Plan:
    title: str
    sql: str
    plan: str


def _readable(statement: str, parameters: Any) -> str:
    # psycopg's %(name)s placeholders with their values inlined, for reading only.
    def literal(value: object) -> str:
        return f"'{value.isoformat()}'" if isinstance(value, datetime) else str(value)

    if isinstance(parameters, dict):
        return statement % {k: literal(v) for k, v in parameters.items()}
    return statement


def explain_request(api: Api, engine: Engine, url: str, title: str) -> Plan:
    """EXPLAIN the feed statement exactly as the app sent it for `url`, same parameters."""
    with recorded_statements(engine) as seen:
        api.get(url)
    feed = [s for s in seen if "FROM cleaning_event JOIN cleaning" in s[0]]
    if len(feed) != 1:
        raise SystemExit(f"expected one feed statement for {url}, saw {len(feed)}")
    statement, parameters = feed[0]
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
        ).all()
    return Plan(title, _readable(statement, parameters), "\n".join(r[0] for r in rows))


# --- counter contention ------------------------------------------------------------------


def _together(threads: int, work: Callable[[int, threading.Barrier], None]) -> float:
    """Seconds from the moment all `threads` workers are ready until the last one is done."""
    barrier = threading.Barrier(threads + 1, timeout=300)
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        try:
            work(worker, barrier)
        except BaseException as exc:  # re-raised by the main thread
            errors.append(exc)
            barrier.abort()

    pool = [
        threading.Thread(target=run, args=(n,), daemon=True) for n in range(threads)
    ]
    for thread in pool:
        thread.start()
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        pass  # a worker failed to get ready: its error is raised below
    began = time.perf_counter()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return elapsed


def api_creates(tokens: list[dict[str, str]], per_thread: int) -> float:
    """Creates per second through the app, one thread (own client, own user) per token."""

    def work(worker: int, ready: threading.Barrier) -> None:
        with TestClient(app) as client:
            ready.wait()
            for i in range(per_thread):
                response = client.post(
                    f"{API}/cleanings/",
                    json={"name": f"Contention job {worker}-{i}", "price": "42.00"},
                    headers=tokens[worker],
                )
                if response.status_code != 201:
                    raise RuntimeError(
                        f"create: {response.status_code} {response.text}"
                    )

    return len(tokens) * per_thread / _together(len(tokens), work)


# The same two rows a create writes (the cleaning and its event), without the app.
SQL_CREATE = text(
    """
    WITH created AS (
        INSERT INTO cleaning (id, owner_id, name, price, cleaning_type,
                              created_at, updated_at)
        VALUES (gen_random_uuid(), md5('bench-user-' || :user)::uuid, :name, 42,
                'spot_clean', now(), now())
        RETURNING id, created_at
    )
    INSERT INTO cleaning_event (cleaning_id, event_type, event_timestamp)
    SELECT id, 'is_create', created_at FROM created
    """
)


def sql_creates(engine: Engine, threads: int, per_thread: int) -> float:
    """Creates per second straight on the database, one connection per thread.

    psycopg releases the GIL while it waits, so here the database sets the pace.
    """

    def work(worker: int, ready: threading.Barrier) -> None:
        with engine.connect() as conn:
            ready.wait()
            for i in range(per_thread):
                with conn.begin():
                    conn.execute(
                        SQL_CREATE,
                        {"user": worker + 1, "name": f"SQL job {worker}-{i}"},
                    )

    return threads * per_thread / _together(threads, work)


@contextmanager
def single_row_counter(engine: Engine) -> Iterator[None]:
    """feed_counter_add() writing to shard 0 only, in the bench database, until exit."""
    with autocommit(engine) as conn:
        original = conn.execute(
            text("SELECT pg_get_functiondef('feed_counter_add'::regproc)")
        ).scalar_one()
        single = original.replace("pg_backend_pid() % 16", "0")
        if single == original:
            raise SystemExit("feed_counter_add() no longer picks pg_backend_pid() % 16")
        raw = conn.execution_options(no_parameters=True)  # the body holds a literal %
        raw.exec_driver_sql(single)
        try:
            yield
        finally:
            raw.exec_driver_sql(original)


VIA_API = "through the API"
VIA_SQL = "database only"


@dataclass
class Contention:
    threads: int
    per_thread: dict[str, int]
    # {VIA_API | VIA_SQL: {SHARDED | SINGLE: creates/s of each round}}
    rates: dict[str, dict[str, list[float]]]

    def mean(self, level: str, variant: str) -> float:
        return statistics.mean(self.rates[level][variant])


def measure_contention(
    client: InProcessClient, engine: Engine, threads: int, per_thread: int
) -> Contention:
    tokens = [
        Api(client, f"bench-user-{n}@example.com").headers
        for n in range(1, threads + 1)
    ]
    # Raw transactions are far cheaper than requests: more of them for a comparable run.
    runs: dict[str, tuple[int, Callable[[int], float]]] = {
        VIA_API: (per_thread, lambda k: api_creates(tokens, k)),
        VIA_SQL: (per_thread * 5, lambda k: sql_creates(engine, threads, k)),
    }
    result = Contention(threads, {}, {})
    for level, (count, burst) in runs.items():
        result.per_thread[level] = count
        result.rates[level] = {SHARDED: [], SINGLE: []}
        burst(max(1, count // 5))  # warm-up: fills the connection pool
        # A B B A: drift over the run (table growth, caches, other load) weighs on both
        # variants alike.
        for variant in (SHARDED, SINGLE, SINGLE, SHARDED):
            if variant == SINGLE:
                with single_row_counter(engine):
                    rate = burst(count)
            else:
                rate = burst(count)
            result.rates[level][variant].append(rate)
            say(f"  {level}, {variant}: {rate:,.0f} creates/s")
    return result


# --- report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    passed: bool

    @property
    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name}: {self.measured}"


def targets(
    depths: list[DepthResult], small_offset: Stat, small_cursor: Stat, events: int
) -> list[Target]:
    first, deepest = depths[0], depths[-1]
    worst = max(depths, key=lambda d: d.cursor.p50)
    deep_ratio = deepest.cursor.p50 / first.cursor.p50
    offset_ratio = first.offset.p50 / small_offset.p50
    cursor_ratio = first.cursor.p50 / small_cursor.p50
    return [
        Target(
            f"cursor p50 at {deepest.label} <= 1.3x its first page",
            f"{deepest.cursor.p50:.2f} ms vs {first.cursor.p50:.2f} ms = {deep_ratio:.2f}x",
            deep_ratio <= 1.3,
        ),
        Target(
            f"offset first page p50 at {events:,} <= 1.3x at {SMALL:,} events",
            f"{first.offset.p50:.2f} ms vs {small_offset.p50:.2f} ms = {offset_ratio:.2f}x",
            offset_ratio <= 1.3,
        ),
        Target(
            f"cursor first page p50 at {events:,} <= 1.3x at {SMALL:,} events",
            f"{first.cursor.p50:.2f} ms vs {small_cursor.p50:.2f} ms = {cursor_ratio:.2f}x",
            cursor_ratio <= 1.3,
        ),
        Target(
            "cursor page of 20 <= 5 ms p50 in process (worst depth)",
            f"{worst.cursor.p50:.2f} ms at {worst.label}",
            worst.cursor.p50 <= 5.0,
        ),
    ]


def machine(engine: Engine, where: str) -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    ram = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
                break
    except OSError:
        pass  # not Linux: keep what platform knows
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version()")).scalar_one()
        shared_buffers = conn.execute(text("SHOW shared_buffers")).scalar_one()
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "PostgreSQL": f"{version} (shared_buffers {shared_buffers})",
        "Database": f"{BENCH_DB} on {where}",
    }


def latency_table(depths: list[DepthResult]) -> list[str]:
    lines = [
        "| depth | skip | offset p50 (ms) | offset p95 (ms) | cursor p50 (ms) | cursor p95 (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for d in depths:
        lines.append(
            f"| {d.label} | {d.depth:,} | {d.offset.p50:.2f} | {d.offset.p95:.2f}"
            f" | {d.cursor.p50:.2f} | {d.cursor.p95:.2f} |"
        )
    return lines


def write_plot(depths: list[DepthResult], events: int, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    x = [d.fraction * 100 for d in depths]
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for name, color, marker, stats, other in (
        (
            "offset (skip)",
            "tab:red",
            "o",
            [d.offset for d in depths],
            [d.cursor for d in depths],
        ),
        (
            "cursor",
            "tab:blue",
            "s",
            [d.cursor for d in depths],
            [d.offset for d in depths],
        ),
    ):
        p50 = [s.p50 for s in stats]
        ax.plot(x, p50, marker + "-", color=color, label=f"{name} p50")
        ax.plot(
            x, [s.p95 for s in stats], ":", color=color, alpha=0.6, label=f"{name} p95"
        )
        for xi, mine, theirs in zip(x, stats, other, strict=True):
            # Above the point if it is the higher of the two at this depth, else below.
            ax.annotate(
                f"{mine.p50:,.1f}" if mine.p50 < 100 else f"{mine.p50:,.0f}",
                (xi, mine.p50),
                textcoords="offset points",
                xytext=(0, 7 if mine.p50 >= theirs.p50 else -13),
                ha="center",
                fontsize=8,
                color=color,
            )
    # symlog keeps the first page (0%) and 1% apart while 99% still fits.
    ax.set_xscale("symlog", linthresh=1)
    ax.set_xticks(x, [d.label for d in depths])
    ax.set_xlim(-0.3, 140)
    ax.set_yscale("log")
    lowest = min(min(d.offset.p50, d.cursor.p50) for d in depths)
    ax.set_ylim(bottom=lowest * 0.75)
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("depth into the feed (% of events skipped before the page)")
    ax.set_ylabel(f"request latency, page of {PAGE} (ms, log scale)")
    ax.set_title(
        f"Spotless activity feed, {events:,} events: offset vs cursor pages\n"
        "full API requests in process, p50 (solid) and p95 (dotted)"
    )
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


FLOOR = {
    "GET /utils/health-check/ (request round trip, no auth, no database)": "health",
    "the same through TestClient (its portal thread hand-off included)": "health_testclient",
    "POST /login/test-token (+ bearer check, session, user lookup, commit)": "signed_in",
    "read_feed_after(limit=20) called directly (query, rows, items)": "cursor_crud",
    "read_feed_page(skip=0, limit=20) called directly": "offset_crud",
    "count_events() called directly": "count_crud",
}


def floor_parts(
    api: Api, session: Session, testclient: TestClient
) -> dict[str, Callable[[], object]]:
    """The pieces a feed request is made of, so its latency can be read against them."""
    client = api.client
    return {
        "health": partial(client.client.get, f"{API}/utils/health-check/"),
        "health_testclient": lambda: testclient.get(
            f"{API}/utils/health-check/"
        ).raise_for_status(),
        "signed_in": partial(
            client.client.post, f"{API}/login/test-token", headers=api.headers
        ),
        "cursor_crud": lambda: read_feed_after(session=session, limit=PAGE),
        "offset_crud": lambda: read_feed_page(session=session, skip=0, limit=PAGE),
        "count_crud": lambda: count_events(session=session),
    }


@dataclass(frozen=True)
class Results:
    events: int
    samples: int
    info: dict[str, str]
    seeding: dict[str, float]
    small: tuple[Stat, Stat]  # first page at SMALL events: offset, cursor
    counts: list[CountResult]
    depths: list[DepthResult]
    floor: dict[str, Stat]
    plans: list[Plan]
    contention: Contention
    events_after_contention: int

    @property
    def checks(self) -> list[Target]:
        return targets(self.depths, self.small[0], self.small[1], self.events)


def print_summary(r: Results) -> None:
    first = r.depths[0]
    say()
    say(
        f"Feed latency, {r.events:,} events, page of {PAGE}, full requests in process (ms):"
    )
    say(
        f"{'depth':>10} {'skip':>9} | {'offset p50':>10} {'p95':>9} | {'cursor p50':>10} {'p95':>7}"
    )
    for d in r.depths:
        say(
            f"{d.label:>10} {d.depth:>9,} | {d.offset.p50:10.2f} {d.offset.p95:9.2f}"
            f" | {d.cursor.p50:10.2f} {d.cursor.p95:7.2f}"
        )
    say()
    say(f"First page p50 at {SMALL:,} -> {r.events:,} events:")
    say(f"  offset {r.small[0].p50:.2f} -> {first.offset.p50:.2f} ms")
    say(f"  cursor {r.small[1].p50:.2f} -> {first.cursor.p50:.2f} ms")
    say()
    say(f"Where a request's time goes, at {r.events:,} events (p50 ms):")
    for label, key in FLOOR.items():
        say(f"  {r.floor[key].p50:7.3f}  {label}")
    say()
    say("Counting all events (p50 / p95 ms):")
    for c in r.counts:
        say(
            f"  {c.events:>9,} events: SELECT count(*) {c.exact.p50:8.2f} / {c.exact.p95:8.2f}"
            f"   count_events (counter) {c.counter.p50:6.3f} / {c.counter.p95:6.3f}"
        )
    say()
    say(
        f"Counter contention, {r.contention.threads} writers (creates/s, mean of 2 rounds):"
    )
    for level, count in r.contention.per_thread.items():
        for variant in (SHARDED, SINGLE):
            say(
                f"  {level:>15}, {count} each, {variant}:"
                f" {r.contention.mean(level, variant):8,.0f}"
            )
    say()
    for check in r.checks:
        say(check.line)


def summary(r: Results) -> list[str]:
    first, deepest = r.depths[0], r.depths[-1]
    big = r.counts[-1]
    c = r.contention
    return [
        f"- At {deepest.label} of {r.events:,} events (skip {deepest.depth:,}) an offset"
        f" page takes {deepest.offset.p50:,.1f} ms (p50), a cursor page"
        f" {deepest.cursor.p50:,.1f} ms; the cursor's first page takes"
        f" {first.cursor.p50:,.1f} ms, so its cost does not grow with depth"
        f" ({deepest.cursor.p50 / first.cursor.p50:.2f}x).",
        f"- `count` costs {big.counter.p50:.3f} ms from the counter at {big.events:,}"
        f" events; an exact `SELECT count(*)` would cost {big.exact.p50:,.1f} ms there"
        f" (and {r.counts[0].exact.p50:.2f} ms at {r.counts[0].events:,}).",
        f"- {c.threads} concurrent writers, 16 counter shards vs one row: "
        + ", ".join(
            f"{c.mean(level, SHARDED):,.0f} vs {c.mean(level, SINGLE):,.0f} creates/s"
            f" {level}"
            for level in c.rates
        )
        + ".",
        f"- Targets: {sum(t.passed for t in r.checks)} of {len(r.checks)} met (below).",
    ]


def write_markdown(path: Path, r: Results, elapsed: float) -> None:
    first = r.depths[0]
    cleanings = -(-r.events // EVENTS_PER_CLEANING)
    c = r.contention
    out = [
        "# Feed benchmark: offset pages vs cursors",
        "",
        f"Generated by `./scripts/bench-feed.sh --events {r.events}` on"
        f" {datetime.now(UTC):%Y-%m-%d %H:%M} UTC ({elapsed / 60:.1f} minutes in all)."
        " Every latency is a full API request through the app (routing, auth, query,"
        " serialisation) made in process (httpx's ASGI transport on one event loop, as a"
        " server runs the app; TestClient adds a thread hand-off, measured below) against a separate"
        f" `{BENCH_DB}` database; p50/p95 over {r.samples} timed requests after a warm-up.",
        "",
        "## Summary",
        "",
        *summary(r),
        "",
        "## Machine",
        "",
        *[f"- {k}: {v}" for k, v in r.info.items()],
        "",
        "## Data",
        "",
        f"- {r.events:,} feed events ({cleanings:,} cleanings created, the other events are"
        f" updates of earlier cleanings), {USERS:,} users; timestamps spread over one year,"
        " ids growing with time, 8% of events in groups of four sharing one microsecond.",
        f"- Seeded with `INSERT ... SELECT generate_series` in chunks of {CHUNK:,} events:"
        f" {r.seeding['small']:.1f} s to {SMALL:,} events, {r.seeding['grow']:.1f} s more"
        f" to {r.events:,} ({r.seeding['total']:.1f} s in all, including VACUUM ANALYZE and a CHECKPOINT).",
        "- The trigger-kept counter after seeding: sum(feed_counter.events) = count(*) ="
        f" {r.events:,}; still exact after the contention runs"
        f" ({r.events_after_contention:,} events then).",
        "",
        "## Latency by depth",
        "",
        f"`GET {API}/feed/cleanings/?skip=S&limit={PAGE}` (offset) against"
        f" `GET {API}/feed/cleanings/cursor?limit={PAGE}&cursor=C` (cursor), where C is the"
        f" cursor of the event just before the same depth, so both return the same {PAGE}"
        " events (checked).",
        "",
        *latency_table(r.depths),
        "",
        "![Latency p50/p95 by depth, both variants](feed-benchmark.png)",
        "",
        f"First page, the same requests at {SMALL:,} and at {r.events:,} events (p50 ms):",
        "",
        f"| variant | {SMALL:,} events | {r.events:,} events | ratio |",
        "|---|---:|---:|---:|",
        f"| offset | {r.small[0].p50:.2f} | {first.offset.p50:.2f}"
        f" | {first.offset.p50 / r.small[0].p50:.2f}x |",
        f"| cursor | {r.small[1].p50:.2f} | {first.cursor.p50:.2f}"
        f" | {first.cursor.p50 / r.small[1].p50:.2f}x |",
        "",
        "### Where a request's time goes",
        "",
        f"The pieces of a first page at {r.events:,} events, each timed on its own,"
        " taking turns with the cheap requests above (so under the same load):",
        "",
        "| part | p50 (ms) | p95 (ms) |",
        "|---|---:|---:|",
        *[
            f"| {label} | {r.floor[key].p50:.3f} | {r.floor[key].p95:.3f} |"
            for label, key in FLOOR.items()
        ],
        "",
        "## Counting",
        "",
        "Both variants answer `count` (all events) from `app.crud.feed.count_events`, the sum"
        " of the 16 trigger-kept counter rows. What an exact `SELECT count(*)` would cost"
        " instead, timed directly on one connection:",
        "",
        "| events | SELECT count(*) p50 (ms) | p95 (ms) | count_events p50 (ms) | p95 (ms) |",
        "|---:|---:|---:|---:|---:|",
        *[
            f"| {n.events:,} | {n.exact.p50:.2f} | {n.exact.p95:.2f}"
            f" | {n.counter.p50:.3f} | {n.counter.p95:.3f} |"
            for n in r.counts
        ],
        "",
        "## Counter contention",
        "",
        f"{c.threads} writers at once, each creating cleanings (each create writes its feed"
        " event, and the statement trigger bumps the counter, in the same transaction):"
        f" {VIA_API}, each writer a thread with its own TestClient and user calling"
        f" `POST {API}/cleanings/` {c.per_thread[VIA_API]} times; and {VIA_SQL}, each"
        " writer a thread with its own connection inserting the same two rows"
        f" {c.per_thread[VIA_SQL]} times, one transaction each. Rounds in the order"
        " sharded, single, single, sharded; the single-row variant replaces"
        " `feed_counter_add()` in the bench database with one that always writes shard 0,"
        " restored afterwards.",
        "",
        "| writers | counter | rounds (creates/s) | mean (creates/s) |",
        "|---|---|---|---:|",
        *[
            f"| {level} | {v} | {', '.join(f'{x:,.0f}' for x in c.rates[level][v])}"
            f" | {c.mean(level, v):,.0f} |"
            for level in c.rates
            for v in (SHARDED, SINGLE)
        ],
        "",
        "Sharded over single row: "
        + ", ".join(
            f"{c.mean(level, SHARDED) / c.mean(level, SINGLE):.2f}x {level}"
            for level in c.rates
        )
        + ".",
        "",
        "## Targets",
        "",
        "Goals, measured here rather than asserted in tests:",
        "",
        *[
            f"- **{'PASS' if t.passed else 'FAIL'}** {t.name}: {t.measured}"
            for t in r.checks
        ],
        "",
        "## Query plans at the deepest page",
        "",
        "`EXPLAIN (ANALYZE, BUFFERS)` of the feed statement exactly as the app sent it for"
        " the request at the 99% depth (recorded from the request and run again with the"
        " same parameters; inlined below for reading).",
    ]
    for plan in r.plans:
        out += [
            "",
            f"### {plan.title}",
            "",
            "```sql",
            plan.sql.strip(),
            "```",
            "",
            "```",
            plan.plan,
            "```",
        ]
    out += [
        "",
        "## Re-running",
        "",
        "```sh",
        "./scripts/bench-feed.sh [--events N] [--samples N] [--threads N] [--creates N] [--keep]",
        "```",
        "",
        "It uses its own database: the embedded PostgreSQL in `.data/bench-postgres`"
        f" (git-ignored), or a database `{BENCH_DB}` on DATABASE_URL's server when that is"
        " set, recreated at the start and dropped at the end unless `--keep`. The"
        " developer's database is never touched. It rewrites this file and"
        " `docs/feed-benchmark.png`.",
        "",
    ]
    path.write_text("\n".join(out))


# --- main --------------------------------------------------------------------------------


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


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    began = time.perf_counter()
    load_at_start = load()
    with bench_database(keep=args.keep) as (url, where):
        migrate(url)
        engine = point_app_at(url)
        seeder = Seeder(engine, args.events, datetime.now(UTC) - SPAN)
        seeder.users()
        seeder.grow_to(SMALL, f"seed {SMALL:,}")
        seeding = {"small": seeder.seconds}
        verify_counter(engine)

        with in_process_client() as client:
            api = Api(client, "bench-user-0@example.com")
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
        write_plot(depths, args.events, DOCS / "feed-benchmark.png")
        write_markdown(DOCS / "feed-benchmark.md", results, time.perf_counter() - began)
    say()
    say("Wrote docs/feed-benchmark.md and docs/feed-benchmark.png")
    say(f"Total run time: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()

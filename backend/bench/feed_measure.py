"""The feed benchmark's measurements: both variants at each depth, counting, the query plans
of the deepest page, the counter's shards under concurrent writers."""

import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text
from sqlmodel import Session

from app.crud.feed import (
    FeedPosition,
    count_events,
    encode_cursor,
    read_feed_after,
    read_feed_page,
)
from app.main import app
from bench.database import autocommit
from bench.report import say
from bench.seeding import user_email
from bench.timing import API, Api, InProcessClient, Stat, measure, measure_together

PAGE = 20
DEPTHS = (0.0, 0.01, 0.10, 0.50, 0.99)
SHARDED = "16 shards (pid % 16)"
SINGLE = "single row (shard 0)"


def offset_url(skip: int) -> str:
    return f"{API}/feed/cleanings/?skip={skip}&limit={PAGE}"


def cursor_url(cursor: str | None) -> str:
    url = f"{API}/feed/cleanings/cursor?limit={PAGE}"
    return f"{url}&cursor={cursor}" if cursor else url


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
def recorded_statements() -> Iterator[list[tuple[str, Any]]]:
    """Every statement any engine of this process sends meanwhile: the app reads on an engine
    of its own (autocommit, app.core.db.get_read_engine) and writes on another."""
    seen: list[tuple[str, Any]] = []

    def record(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any
    ) -> None:
        seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


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
    with recorded_statements() as seen:
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
    tokens = [Api(client, user_email(n)).headers for n in range(1, threads + 1)]
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

"""Seeding a benchmark's database: users, cleanings and feed events (the feed's shape), items.

Everything is derived from the row number with a deterministic hash, so the cleanings an event
refers to can be computed in SQL without carrying ids around, and every run seeds data of the
same shape. Events are inserted in time order (identity ids grow with time, as they do in a live
feed), spread evenly over the past year; groups of four share one microsecond so the id
tie-break is exercised.
"""

import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text
from tqdm import tqdm

from app.core.security import get_password_hash
from bench.database import vacuum
from bench.report import say

CHUNK = 50_000  # events per INSERT ... SELECT: one statement, one counter update
USERS = 1_000
EVENTS_PER_CLEANING = 10  # every 10th event creates a cleaning, the others update one
PASSWORD = "bench-password"
SPAN = timedelta(days=365)


def user_email(n: int) -> str:
    return f"bench-user-{n}@example.com"


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
    INSERT INTO "user" (id, email, email_key, username, hashed_password, full_name,
                        is_active, is_superuser, created_at)
    SELECT md5('bench-user-' || u)::uuid, 'bench-user-' || u || '@example.com',
           'bench-user-' || u || '@example.com',  -- lower-case ASCII: its own email_key
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


SEED_ITEMS = text(
    """
    INSERT INTO item (id, owner_id, title, description, created_at)
    SELECT md5('bench-item-' || i)::uuid, md5('bench-user-' || :owner)::uuid,
           'Bench item ' || i, 'Seeded by the benchmark.',
           CAST(:start AS timestamptz) + make_interval(secs => i)
    FROM generate_series(0, :items - 1) AS i
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
        vacuum(self.engine)
        self.seconds += time.perf_counter() - began

    def items(self, owner: int, items: int) -> None:
        """`items` items, all of user `owner`."""
        began = time.perf_counter()
        with self.engine.begin() as conn:
            conn.execute(SEED_ITEMS, {**self.params(), "owner": owner, "items": items})
        vacuum(self.engine)
        self.seconds += time.perf_counter() - began


def verify_counter(engine: Engine) -> int:
    """The trigger-kept counter equals count(*), or the run stops."""
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

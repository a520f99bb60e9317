"""The feed benchmark's report: the summary it prints, its targets, docs/feed-benchmark.md."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.feed_measure import (
    FLOOR,
    PAGE,
    SHARDED,
    SINGLE,
    VIA_API,
    VIA_SQL,
    Contention,
    CountResult,
    DepthResult,
    Plan,
)
from bench.report import Target, say, section
from bench.seeding import CHUNK, EVENTS_PER_CLEANING, USERS
from bench.timing import API, Stat

BENCH_DB = "spotless_bench"
SMALL = 10_000  # the feed measured first, to compare the same requests at 10k and at N
# The offset page at 99% of 1,000,000 events when PostgreSQL sorted the whole joined feed to
# skip 990,000 rows (p50, docs/feed-benchmark.md of 2026-11-22, before the index-only skip).
SORTED_DEEP_PAGE_MS = 2387.25


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
            f"offset page at {deepest.label} >= 10x faster than when the whole feed was sorted"
            f" ({SORTED_DEEP_PAGE_MS:,.0f} ms at 99% of 1,000,000 events)",
            f"{deepest.offset.p50:,.2f} ms ="
            f" {SORTED_DEEP_PAGE_MS / deepest.offset.p50:.1f}x faster",
            SORTED_DEEP_PAGE_MS / deepest.offset.p50 >= 10,
        ),
        Target(
            "cursor page of 20 <= 5 ms p50 in process (worst depth)",
            f"{worst.cursor.p50:.2f} ms at {worst.label}",
            worst.cursor.p50 <= 5.0,
        ),
    ]


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
        *section("Machine", r.info),
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

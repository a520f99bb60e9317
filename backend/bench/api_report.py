"""The API benchmark's report: the summary it prints, its targets, docs/api-benchmark.md/.png."""

import argparse
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime

from bench.api_measure import (
    BENCH_DB,
    ENDPOINTS,
    FLOOR,
    ITEMS,
    Measured,
    before_name,
)
from bench.plot import api_plot
from bench.report import DOCS, say, section, table
from bench.seeding import USERS


@dataclass(frozen=True)
class Goal:
    endpoint: str
    ceiling_ms: float  # the app's CPU ms per request at one worker, in every round
    rule: str
    template_ms: float | None  # the template's figure, measured the same way
    before_ms: float  # Spotless before the work on it (2026-12-06)


BEFORE = "2026-12-06"
MIN_ROUNDS = 3  # a target is judged over at least this many rounds
NOT_JUDGED = f"not judged (needs --rounds >= {MIN_ROUNDS})"

# The targets: the app's own CPU time per request at one worker (wrk -t2 -c32), against
# the template measured the same way on the same data.
GOALS = [
    Goal(ENDPOINTS[1].name, 1.0, "3x less than the template", 3.1, 1.5),
    Goal(ENDPOINTS[2].name, 0.9, "5x less than the template", 4.6, 2.4),
    Goal(ENDPOINTS[3].name, 2.9, "2x less than the template", 5.8, 3.5),
    Goal(ENDPOINTS[4].name, 1.5, "half the template's `/users/me`", None, 3.2),
]
_GOALS = {g.endpoint: g for g in GOALS}


# Why each endpoint costs what it does (the verdicts are the targets, listed above the notes):
# read off the profiles (py-spy under this load) and the CPU columns, written by hand.
_HEALTH, _ME, _ITEMS, _POST, _CURSOR = (e.name for e in ENDPOINTS)
NOTES: dict[str, str] = {
    _HEALTH: (
        "an `async def` route that touches nothing: the app's own middleware (security"
        " headers and Server-Timing, CORS, the body limit) and FastAPI's routing; the app"
        " writes no access log (`ACCESS_LOG=1` turns it on), the floor runs uvicorn's"
        " defaults. It is the floor of every other row: about 0.2 ms of each."
    ),
    _ME: (
        "one trip to a thread (app.api.route) in which the request's session opens, the"
        " token's user is read and checked, the route answers, its answer is validated and"
        " serialised and the session ends. The user is one statement on psycopg's own"
        " connection, a Core statement compiled once (app.core.reads), made into a User the"
        " way the ORM loads one (the ORM's query and load cost 0.44 ms of Python, this 0.1"
        " ms). The token is awaited and the parameters validated without FastAPI's generic"
        " solving. Three changes of the process took about a fifth off every row: the"
        " workers freeze the loaded app out of the garbage collector's sight and collect"
        " young objects after 50,000 instead of 700 (the collector had taken about 9% of the"
        " CPU, gc.callbacks); the sync routes run on 4 threads (app.core.trips) instead of 40,"
        " which under this load queued for the interpreter lock with a kernel wake-up at each"
        " hand-over (30% fewer context switches); the trips go through asyncio's executor"
        " (about 25 µs of CPU a trip, anyio's 100 µs). Each answer leaves in one write"
        " (app.one_write: uvicorn wrote the head and the body in two `send` calls; about 6% of"
        " every signed-in row), and the autocommit pool takes its connections back without a"
        " rollback (about 4%). What is left is uvicorn, Starlette's middleware and routing,"
        " one statement (psycopg and the pool), the ORM's User and its validation into the"
        " answer, and the trip."
    ),
    _ITEMS: (
        "the same trip as `/users/me`, and the page comes with the token's user: the"
        " statement that checks the token carries two more columns computed for the user's"
        " row (crud.users.token_user_query), the page's JSON as one text and the count. The"
        " JSON is written by PostgreSQL (app.core.answers: each row as ItemPublic's JSON,"
        " put together without Python objects of the rows; a test holds it to be a fixed"
        " point of the model), the count read from the per-owner counter (migration 0011),"
        " and a superuser's all-items branch runs only for a superuser (a CASE's subquery"
        " runs when taken). As a second statement the page had cost a quarter of this row"
        " (0.87 -> 0.63 ms in an A/B run): psycopg's execute and fetch of 20 rows, and a"
        " second pool checkout. The POSTs of the benchmark are the reader's own: made by"
        " another user, they were the newest items of all, and PostgreSQL, taking each of two"
        " owners for half the table, walked the all-items index backwards past them for the"
        " reader's page (16 ms a page; with many owners it does not)."
    ),
    _POST: (
        "one trip: the token's user read in the request's transaction (the same connection,"
        " no second checkout), one INSERT, the commit, the answer built from the row."
    ),
    _CURSOR: (
        "as the items page: the 20 events with their jobs and owners come back as 20 strings"
        " of CleaningFeedItem JSON written by PostgreSQL (times, prices and nested owners as"
        " pydantic writes them), so Python no longer makes some 500 values of the rows,"
        " validates them into 40 models and writes them out again; that took about half of"
        " this row's CPU. PostgreSQL's part grows by the JSON it writes (its column below)."
    ),
}


@dataclass(frozen=True)
class Verdict:
    """A goal against one worker count's rounds: met only if met in every round."""

    goal: Goal
    cpu_ms: list[float]  # the app's CPU ms per request, a value per round
    judged: bool  # one worker and enough rounds

    @property
    def worst(self) -> float:
        return max(self.cpu_ms)

    @property
    def passed(self) -> bool:
        # Judged on the figures as the report shows them (0.01 ms): /proc counts CPU in ticks
        # of 10 ms, which over a run's requests is about that much a request anyway.
        return self.judged and round(self.worst, 2) <= self.goal.ceiling_ms

    @property
    def word(self) -> str:
        if not self.judged:
            return NOT_JUDGED
        return "PASS" if self.passed else "FAIL"

    @property
    def text(self) -> str:
        g = self.goal
        template = "–" if g.template_ms is None else f"{g.template_ms:.1f} ms"
        rounds = ", ".join(f"{v:.2f}" for v in self.cpu_ms)
        return (
            f"`{g.endpoint}` <= {g.ceiling_ms:.1f} ms, {g.rule} (template {template},"
            f" Spotless before {g.before_ms:.1f} ms on {BEFORE}): {rounds} ms in rounds"
            f" 1-{len(self.cpu_ms)}, worst {self.worst:.2f} ms"
        )


def _workers(n: int) -> str:
    return f"{n} worker" if n == 1 else f"{n} workers"


def judged(m: Measured) -> bool:
    return m.workers == 1 and len(m.runs[FLOOR.name]) >= MIN_ROUNDS


def verdicts(m: Measured) -> list[Verdict]:
    return [Verdict(g, m.cpu_ms(g.endpoint), judged(m)) for g in GOALS]


def health_line(m: Measured) -> str:
    """The health check has no target: its share of the floor, as information."""
    shares = [
        run.rate / floor.rate
        for run, floor in zip(m.runs[_HEALTH], m.runs[FLOOR.name], strict=True)
    ]
    return (
        f"`{_HEALTH}` (information, no target):"
        f" {', '.join(f'{s:.0%}' for s in shares)} of the floor's req/s in rounds"
        f" 1-{len(shares)} (median {m.share(_HEALTH):.1%}),"
        f" {max(m.cpu_ms(_HEALTH)):.2f} ms CPU a request in its worst round"
    )


def _ms(value: float) -> str:
    return "n/a" if value != value else f"{value:.2f}"  # NaN: not counted


def cpu_table(m: Measured) -> list[str]:
    """The measure the targets are about: the app's CPU ms per request, every round."""
    rounds = len(m.runs[FLOOR.name])
    rows = []
    for endpoint in [FLOOR, *ENDPOINTS]:
        values = m.cpu_ms(endpoint.name)
        goal = _GOALS.get(endpoint.name)
        if goal is None:
            target, verdict = "–", "–"
        else:
            target = f"<= {goal.ceiling_ms:.1f}"
            verdict = (
                Verdict(goal, values, judged(m)).word
                if m.workers == 1
                else "– (judged at 1 worker)"
            )
        rows.append(
            [f"`{endpoint.name}`"]
            + [f"{v:.2f}" for v in values]
            + [
                f"{max(values):.2f}",
                f"{statistics.median(values):.2f}",
                target,
                verdict,
            ]
        )
    header = ["endpoint", *(f"round {n + 1}:" for n in range(rounds))]
    header += ["worst:", "median:", "target:", "verdict"]
    return table(header, rows)


def results_table(m: Measured) -> list[str]:
    rows = []
    for endpoint in [FLOOR, *ENDPOINTS]:
        run = m.median(endpoint.name)
        rows.append(
            [
                f"`{endpoint.name}`",
                f"{run.rate:,.0f}",
                f"{m.share(endpoint.name):.1%}",
                f"{run.p50_ms:.2f}",
                f"{run.p99_ms:.2f}",
                _ms(run.per_request_ms(run.postgres_cpu)),
                sum(r.errors for r in m.runs[endpoint.name]),
            ]
        )
    header = [
        "endpoint",
        "req/s:",
        "share of the floor:",
        "p50 (ms):",
        "p99 (ms):",
        "PostgreSQL CPU (ms/req):",
        "errors:",
    ]
    return table(header, rows)


def scaling_table(results: list[Measured]) -> list[str]:
    first = results[0]
    header = ["endpoint"] + [f"{_workers(m.workers)}, req/s:" for m in results]
    header += [f"{m.workers} vs {first.workers}:" for m in results[1:]]
    rows = []
    for endpoint in [FLOOR, *ENDPOINTS]:
        rates = [m.median(endpoint.name).rate for m in results]
        rows.append(
            [f"`{endpoint.name}`"]
            + [f"{r:,.0f}" for r in rates]
            + [f"{r / rates[0]:.2f}x" for r in rates[1:]]
        )
    return table(header, rows)


def before_table(m: Measured, rev: str) -> list[str]:
    """Each target endpoint's CPU against the app of `rev` (before the work) in the same
    rounds: the ratio, against the target's own ratio to the issue's "before" figure, and
    what the ratio predicts on the machine of the issue's figures."""
    rows = []
    for goal in GOALS:
        now, then = m.cpu_ms(goal.endpoint), m.cpu_ms(before_name(goal.endpoint))
        ratios = [a / b for a, b in zip(now, then, strict=True)]
        target = goal.ceiling_ms / goal.before_ms
        held = round(max(ratios), 2) <= round(target, 2)
        rows.append(
            [
                f"`{goal.endpoint}`",
                " / ".join(f"{v:.2f}" for v in then),
                " / ".join(f"{v:.2f}" for v in now),
                " / ".join(f"{r:.2f}" for r in ratios),
                f"<= {target:.2f} ({goal.ceiling_ms:.1f} / {goal.before_ms:.1f})",
                f"{max(ratios) * goal.before_ms:.2f} ms",
                "held" if held else "not held",
            ]
        )
    header = [
        "endpoint",
        f"{rev} (ms), rounds:",
        "today (ms), rounds:",
        "ratio, rounds:",
        "target ratio:",
        "worst ratio x before:",
        "every round",
    ]
    return table(header, rows)


def before_measured(m: Measured | None) -> bool:
    return m is not None and all(before_name(g.endpoint) in m.runs for g in GOALS)


def _cpu_title(m: Measured) -> str:
    rounds = len(m.runs[FLOOR.name])
    return f"The app's CPU ms per request, {_workers(m.workers)}, {rounds} rounds"


def _notes() -> list[str]:
    """The hand-written notes, in the endpoints' order, targets or not (unknown names last)."""
    order = [e.name for e in ENDPOINTS]
    names = sorted(NOTES, key=lambda n: order.index(n) if n in order else len(order))
    return [f"- `{name}`: {NOTES[name]}" for name in names] or ["(No notes.)"]


def _summary(one: Measured | None, checks: list[Verdict]) -> str:
    if one is None:
        return "- No run at one worker: the targets were not judged."
    rounds = len(one.runs[FLOOR.name])
    if not judged(one):
        return f"- One worker, {rounds} round(s): targets {NOT_JUDGED}."
    return (
        f"- One worker: {sum(c.passed for c in checks)} of {len(checks)} targets met in"
        f" every one of the {rounds} rounds."
    )


def _before_section(one: Measured | None, rev: str) -> list[str]:
    if one is None or not before_measured(one):
        return []
    return [
        f"### Against the app before the work ({rev}), side by side",
        "",
        "The targets are milliseconds on the machine of the issue's figures. This machine"
        f" may be faster or slower, so the app of {rev} (the backend as it was when the work"
        ' on the CPU per request began; the issue\'s "before" figures were measured that'
        " day, before that work) was served"
        " beside today's at one worker, on the same data, and loaded in the same rounds. The"
        " ratio of today's CPU to its, round by round, does not depend on the machine; a"
        " target's own ratio is its ceiling over the issue's \"before\" figure. The last"
        " column is what the worst ratio predicts on the machine of the issue's figures.",
        "",
        *before_table(one, rev),
        "",
    ]


def write_report(
    results: list[Measured],
    args: argparse.Namespace,
    info: dict[str, str],
    elapsed: float,
    postgres_counted: bool,
) -> None:
    first = results[0]
    one = next((m for m in results if m.workers == 1), None)
    checks = verdicts(one) if one is not None else []
    say()
    for m in results:
        say(f"{_cpu_title(m)}:")
        for line in cpu_table(m):
            say(line)
        say()
    for m in results:
        say(f"{_workers(m.workers)}, the round with the median rate (information):")
        for line in results_table(m):
            say(line)
        say()
    for check in checks:
        say(f"{check.word}  {check.text}")
    if one is not None:
        say(health_line(one))
    say(_summary(one, checks).removeprefix("- "))
    if one is not None and before_measured(one):
        say()
        say(f"Against the app of {args.before}, side by side (1 worker):")
        for line in before_table(one, args.before):
            say(line)
    errors = sum(m.errors() for m in results)
    floor_rates = [
        f"{min(r.rate for r in m.runs[FLOOR.name]):,.0f}"
        f"–{max(r.rate for r in m.runs[FLOOR.name]):,.0f} req/s at {_workers(m.workers)}"
        for m in results
    ]
    out = [
        "# API benchmark: Spotless's CPU per request, beside a bare FastAPI app",
        "",
        f"Generated by `./scripts/bench-api.sh` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        f" ({elapsed / 60:.1f} minutes in all). The app runs as `./scripts/run.sh` runs it"
        f" (`python -m app.serve`: uvicorn with uvloop and httptools, `WEB_CONCURRENCY`"
        " workers) on a separate database; beside it the floor, a bare FastAPI app"
        " (`bench/floor.py`: one `async def` route returning `true`) under uvicorn's defaults"
        " with the same worker count. Each endpoint is loaded with"
        f" `wrk -t{args.threads} -c{args.connections} -d{args.seconds:g}s` in"
        f" {args.rounds} rounds, the floor in each round too (the order reversed every other"
        " round), after a warm-up run of each.",
        "",
        "The measure is the app's own CPU time per request: the user plus system time of the"
        " app's processes (the uvicorn parent and its workers), read from /proc before and"
        " after each wrk run, over the requests wrk completed. It replaces the share of the"
        " floor's req/s, which depended on how busy this shared machine was: the floor's own"
        " rate swung between 4,000 and 7,000 req/s from run to run on 2026-12-06. The"
        " targets are ceilings at one worker, and one holds only if it holds in every round"
        f" (at least {MIN_ROUNDS} rounds); the share of the floor, latencies and PostgreSQL's"
        " CPU are kept as information.",
        "",
        "## Summary",
        "",
    ]
    for m in results:
        out += [f"{_cpu_title(m)}:", "", *cpu_table(m), ""]
    out += [
        _summary(one, checks),
        *[
            f"- {m.workers} workers against {first.workers}, req/s: "
            + ", ".join(
                f"`{e.name}` {m.median(e.name).rate / first.median(e.name).rate:.2f}x"
                for e in [FLOOR, *ENDPOINTS]
            )
            + "."
            for m in results[1:]
        ],
        f"- The floor's own rate over the rounds: {'; '.join(floor_rates)}.",
        f"- Errors (non-2xx answers or socket errors) over every run: {errors}.",
        "",
        "![The app's CPU ms per request at 1 worker, worst of the rounds, against the"
        " targets](api-benchmark.png)",
        "",
        "## Targets (one worker, CPU ms per request in every round)",
        "",
        *(
            [f"- **{c.word}** {c.text}." for c in checks] + [f"- {health_line(one)}."]
            if one is not None
            else ["No run at one worker: the targets were not judged."]
        ),
        "",
        *_before_section(one, args.before),
        "Notes, written by hand from profiles (py-spy under this load) and the CPU columns:",
        "",
        *_notes(),
        "",
    ]
    for m in results:
        out += [
            f"## {_workers(m.workers)}: rates and latencies (information)",
            "",
            *results_table(m),
            "",
        ]
    out += [
        "Share of the floor: the endpoint's req/s over the floor's in the same round, the"
        " median over the rounds; the other columns are those of the round with the median"
        " rate. PostgreSQL CPU: the CPU time of PostgreSQL's processes (the postmaster and"
        " its backends) during that run, from /proc, over the requests wrk completed."
        + ("" if postgres_counted else " PostgreSQL runs elsewhere here: not counted."),
        "",
    ]
    if len(results) > 1:
        out += [
            "## More workers",
            "",
            *scaling_table(results),
            "",
            "On 2 cores the second worker competes with wrk (2 threads) and PostgreSQL for"
            " the same cores, so it cannot double the rate.",
            "",
        ]
    out += [
        *section("Machine", info),
        "## Data",
        "",
        f"- {USERS:,} users; bench user 0 owns {ITEMS:,} items, makes the reads and posts"
        " the items (its list grows by the POSTs: the page read is its newest 20 all the"
        " same).",
        f"- A feed of {args.events:,} events (the feed benchmark's shape), VACUUM ANALYZEd.",
        "",
        "## Re-running",
        "",
        "```sh",
        "./scripts/bench-api.sh [--seconds N] [--rounds N] [--workers 1 2] [--keep]",
        "```",
        "",
        f"It uses its own database `{BENCH_DB}` (the embedded PostgreSQL in"
        " `.data/bench-postgres`, or DATABASE_URL's server), recreated at the start and"
        " dropped at the end; it installs wrk with apt-get when missing. Not part of"
        " `./scripts/test.sh`.",
        "",
    ]
    DOCS.mkdir(exist_ok=True)
    (DOCS / "api-benchmark.md").write_text("\n".join(out))
    api_plot(
        one if one is not None else first,
        [e.name for e in ENDPOINTS],
        {g.endpoint: g.ceiling_ms for g in GOALS},
        {c.goal.endpoint: c.passed if c.judged else None for c in checks},
        DOCS / "api-benchmark.png",
    )
    say("Wrote docs/api-benchmark.md and docs/api-benchmark.png")

"""The benchmarks' plots (matplotlib, written to files only)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.feed_measure import PAGE, DepthResult

if TYPE_CHECKING:
    from bench.api_measure import Measured


@contextmanager
def figure(path: Path, size: tuple[float, float]) -> Iterator[tuple[Any, Any]]:
    """A new figure and its axes, saved to `path` at the end."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=size)
    try:
        yield fig, ax
        fig.tight_layout()
        fig.savefig(path, dpi=120)
    finally:
        plt.close(fig)


def feed_plot(depths: list[DepthResult], events: int, path: Path) -> None:
    """Latency by depth, offset against cursor, log scales."""
    with figure(path, (9, 5.5)) as (_, ax):
        _feed_axes(ax, depths, events)


def _feed_axes(ax: Any, depths: list[DepthResult], events: int) -> None:
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    x = [d.fraction * 100 for d in depths]
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


def api_plot(results: list["Measured"], goals: dict[str, float], path: Path) -> None:
    """Each endpoint's share of the floor, a bar per worker count, the goal as a mark."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    names = list(goals)
    width = 0.8 / len(results)
    with figure(path, (10, 5.5)) as (_, ax):
        for n, m in enumerate(results):
            xs = [i + (n - (len(results) - 1) / 2) * width for i in range(len(names))]
            shares = [m.share(name) * 100 for name in names]
            ax.bar(xs, shares, width, label=f"{m.workers} worker(s)")
            for x, share, name in zip(xs, shares, names, strict=True):
                rate = m.median(name).rate
                ax.annotate(
                    f"{share:.1f}%\n{rate:,.0f}/s",
                    (x, share),
                    textcoords="offset points",
                    xytext=(0, 3),
                    ha="center",
                    fontsize=7,
                )
        ax.scatter(
            range(len(names)),
            [goals[name] * 100 for name in names],
            marker="_",
            s=900,
            color="black",
            zorder=3,
            label="goal (1 worker)",
        )
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xticks(range(len(names)), [n.replace(" ", "\n", 1) for n in names])
        ax.set_ylabel("req/s as a share of the floor (%, log scale)")
        ax.set_title(
            "Spotless API under wrk: each endpoint's rate as a share of a bare FastAPI app's"
        )
        ax.grid(True, axis="y", which="both", alpha=0.3)
        ax.legend(loc="upper right")

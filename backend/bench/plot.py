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


def api_plot(
    m: "Measured",
    names: list[str],
    goals: dict[str, float],
    verdicts: dict[str, bool | None],
    path: Path,
) -> None:
    """The app's CPU ms per request per endpoint: a bar for the worst round, a dot per round,
    the target (a ceiling) as a black line; green if met in every round, red if not, grey if
    the endpoint has no target or the targets were not judged (`verdicts`: None)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colors = {True: "tab:green", False: "tab:red", None: "tab:gray"}
    with figure(path, (10, 5.5)) as (_, ax):
        worst = [max(m.cpu_ms(name)) for name in names]
        labels = []
        for x, (name, w) in enumerate(zip(names, worst, strict=True)):
            ax.bar(x, w, 0.6, color=colors[verdicts.get(name)], alpha=0.8)
            values = m.cpu_ms(name)
            ax.scatter([x] * len(values), values, s=14, color="black", zorder=3)
            label = name.replace(" ", "\n", 1) + f"\nworst {w:.2f}"
            if name in goals:
                ax.hlines(
                    goals[name], x - 0.38, x + 0.38, color="black", lw=2, zorder=4
                )
                label += f", target <= {goals[name]:.1f}"
            labels.append(label)
        ax.set_xticks(range(len(names)), labels, fontsize=8)
        ax.set_ylim(0, max([*worst, *goals.values()]) * 1.3)
        ax.set_ylabel("the app's CPU per request (ms)")
        rounds = len(m.cpu_ms(names[0]))
        workers = f"{m.workers} worker" + ("s" if m.workers > 1 else "")
        ax.set_title(
            f"Spotless API under wrk, {workers}: the app's CPU ms per request,"
            f" worst of {rounds} rounds"
            + (
                " (targets not judged)"
                if all(v is None for v in verdicts.values())
                else ""
            )
        )
        ax.grid(True, axis="y", alpha=0.3)
        ax.legend(
            handles=[
                Patch(color=colors[True], alpha=0.8, label="worst round: target met"),
                Patch(color=colors[False], alpha=0.8, label="worst round: not met"),
                Patch(color=colors[None], alpha=0.8, label="no target, or not judged"),
                Line2D([], [], color="black", lw=2, label="target (at most)"),
                Line2D(
                    [], [], color="black", marker="o", ls="", ms=4, label="each round"
                ),
            ],
            loc="upper left",
            fontsize=8,
        )

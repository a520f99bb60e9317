"""What both benchmarks print and write: progress lines, the machine, targets, Markdown tables."""

import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from tqdm import tqdm

from app.core.config import REPO_ROOT

DOCS = REPO_ROOT / "docs"


def say(line: str = "") -> None:
    # Through tqdm, so lines never tear a progress bar.
    tqdm.write(line)


def load() -> str:
    """The 1-minute load average: other processes share this machine."""
    return f"{os.getloadavg()[0]:.2f}"


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    passed: bool

    @property
    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name}: {self.measured}"

    @property
    def markdown(self) -> str:
        return f"- **{'PASS' if self.passed else 'FAIL'}** {self.name}: {self.measured}"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A Markdown table; columns whose header ends with ':' are right-aligned (numbers)."""
    names = [h.removesuffix(":") for h in header]
    align = ["---:" if h.endswith(":") else "---" for h in header]
    return [
        "| " + " | ".join(names) + " |",
        "|" + "|".join(align) + "|",
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
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
        database = conn.execute(text("SELECT current_database()")).scalar_one()
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "PostgreSQL": f"{version} (shared_buffers {shared_buffers})",
        "Database": f"{database} on {where}",
    }


def section(title: str, facts: dict[str, str]) -> list[str]:
    """A Markdown section listing `facts` (e.g. the machine) as `- key: value` lines."""
    return [f"## {title}", "", *[f"- {k}: {v}" for k, v in facts.items()], ""]

"""Servers for the load benchmark, in processes of their own: the app as ./scripts/run.sh starts
it (`python -m app.serve`, on the bench database) and the floor app (bench/floor.py) under the
same uvicorn settings; and the CPU time that a process and its descendants have used."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.serve import WORKER_STARTUP_SECONDS

BACKEND = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _processes() -> dict[int, tuple[int, int, int]]:
    """pid -> (parent, CPU ticks of its own, ticks of the children it has reaped)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # pid (comm) state ppid ... utime stime cutime cstime: comm may hold spaces.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        found[int(stat.parent.name)] = (
            int(fields[1]),
            int(fields[11]) + int(fields[12]),
            int(fields[13]) + int(fields[14]),
        )
    return found


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds used by `root` and its descendants, live or exited (and reaped) since."""
    processes = _processes()
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in processes and pid not in tree:
            tree.add(pid)
            todo += [p for p, (parent, *_) in processes.items() if parent == pid]
    return sum(sum(processes[pid][1:]) for pid in tree) / TICKS


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.process.pid)


HEALTH = "/api/v1/utils/health-check/"


@contextmanager
def serving(
    name: str,
    command: list[str],
    env: dict[str, str],
    port: int,
    log: Path,
    *,
    ready: str = HEALTH,
    cwd: Path = BACKEND,
) -> Iterator[Server]:
    """The server started and answering `ready`; stopped with Ctrl-C's signal at the end."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 2 * WORKER_STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{name} exited:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(base + ready).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"{name} did not answer:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield Server(name, base, process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_server(
    database_url: str,
    workers: int,
    logs: Path,
    *,
    backend: Path = BACKEND,
    name: str = "app",
) -> AbstractContextManager[Server]:
    """The app of `backend` (another version's, to compare) on this environment's Python."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WEB_CONCURRENCY": str(workers),
        "PORT": str(port),
    }
    command = [sys.executable, "-m", "app.serve"]
    log = logs / f"{name}-{workers}.log"
    return serving(f"the {name}", command, env, port, log, cwd=backend)


def floor_server(workers: int, logs: Path) -> AbstractContextManager[Server]:
    port = free_port()
    # What app.serve gives uvicorn, but the app.
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.floor:app",
        f"--port={port}",
        f"--workers={workers}",
        "--log-level=info",
        f"--timeout-worker-healthcheck={WORKER_STARTUP_SECONDS}",
    ]
    log = logs / f"floor-{workers}.log"
    return serving("the floor", command, dict(os.environ), port, log, ready="/")

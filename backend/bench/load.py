"""Load from wrk (Debian's package; ./scripts/bench-api.sh installs it when missing): one run
against one endpoint, with the CPU time the server and PostgreSQL spent meanwhile."""

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# wrk calls done() once at the end: the numbers as one JSON line, latencies in microseconds.
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d,"
    .. " \\"p99_us\\": %d, \\"status_errors\\": %d, \\"socket_errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Endpoint:
    name: str  # as the report shows it, e.g. "GET /users/me"
    path: str
    method: str = "GET"
    body: str | None = None
    user: int | None = None  # the bench user whose token the requests carry


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # 4xx/5xx answers and socket errors
    python_cpu: float  # seconds, the server's processes
    postgres_cpu: float  # seconds, PostgreSQL's processes

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def per_request_ms(self, cpu: float) -> float:
        return cpu * 1000 / max(1, self.requests)


def wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    return path


def lua(endpoint: Endpoint, headers: dict[str, str]) -> str:
    # Lua's long brackets take any text as it is (a body with quotes or backslashes).
    lines = [f"wrk.method = [==[{endpoint.method}]==]"]
    if endpoint.body is not None:
        lines.append(f"wrk.body = [==[{endpoint.body}]==]")
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    lines += [f'wrk.headers["{k}"] = [==[{v}]==]' for k, v in headers.items()]
    return "\n".join(lines) + DONE


def load(
    url: str,
    endpoint: Endpoint,
    headers: dict[str, str],
    *,
    seconds: float,
    connections: int,
    threads: int,
    cpu: Callable[[], tuple[float, float]],
) -> Run:
    """wrk against `url` for `seconds`; `cpu` tells (server, PostgreSQL) CPU seconds so far."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "endpoint.lua"
        script.write_text(lua(endpoint, headers))
        command = [
            wrk(),
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={max(1, round(seconds))}s",
            "--timeout=10s",
            f"--script={script}",
            url,
        ]
        before = cpu()
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        after = cpu()
    lines = [x for x in done.stdout.splitlines() if x.startswith("WRK_RESULT ")]
    if not lines:
        raise SystemExit(f"wrk said nothing usable:\n{done.stdout}\n{done.stderr}")
    result = json.loads(lines[-1].removeprefix("WRK_RESULT "))
    return Run(
        requests=result["requests"],
        seconds=result["duration_us"] / 1e6,
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=result["status_errors"] + result["socket_errors"],
        python_cpu=after[0] - before[0],
        postgres_cpu=after[1] - before[1],
    )

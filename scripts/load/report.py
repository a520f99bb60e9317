"""docs/load.md from the CSV files of scripts/load.sh's locust runs."""

import csv
import os
import platform
import sys
from pathlib import Path


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def main() -> None:
    out, users, duration = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    runs = os.environ.get("RUNS", "1 2").split()
    if runs == ["cluster"]:
        print(cluster_report(out, users, duration))
        return
    lines = [
        "# Load: requests per second and latency under a mixed workload",
        "",
        "Written by `./scripts/load.sh` (not part of `./scripts/test.sh`): the app as",
        "`./scripts/run.sh` serves it, on a throwaway embedded PostgreSQL, on loopback, under",
        f"[locust](https://locust.io) (headless, {users} users, {duration} s a run, capped at",
        f"{os.environ.get('MAX_REQUESTS', '200000')} requests) with the workload of",
        "`scripts/load/locustfile.py`: each user signs up and logs in, then lists their",
        "cleanings, reads offset pages of the feed, walks the cursor feed three pages deep,",
        "posts jobs, offers on others' jobs and accepts offers on their own, and logs in again.",
        "The generator runs on the same machine and takes its share of the cores: its CPU",
        "time is given beside each run.",
        "",
        f"Machine: {machine()}. Load average when the runs ended (other work on the",
        f"machine included): {' / '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
    ]
    for workers in runs:
        lines += run_report(
            out,
            workers,
            f"## {workers} worker{'s' if workers != '1' else ''} (`WEB_CONCURRENCY={workers}`)",
        )
    print("\n".join(lines))


def cluster_report(out: Path, users: str, duration: str) -> str:
    replicas = os.environ.get("API_REPLICAS", "2")
    workers = os.environ.get("WEB_CONCURRENCY", "1")
    servers = out / "servers-cluster"
    sample = servers.read_text().strip() if servers.exists() else "not measured"
    lines = [
        "# Load on the cluster: `./scripts/cluster.sh` under the mixed workload",
        "",
        "Written by `./scripts/load.sh --cluster` (not part of `./scripts/test.sh`): the",
        "workload of `scripts/load/locustfile.py` (the same as [load.md](load.md)) through",
        f"HAProxy against a throwaway cluster: {replicas} API processes of {workers} worker(s)",
        "each, a primary and a streaming replica, a PgBouncer in transaction mode before",
        f"each, all on this machine, on loopback ({users} users, {duration} s, capped at",
        f"{os.environ.get('MAX_REQUESTS', '200000')} requests). The generator shares the",
        "cores: its CPU time is given below.",
        "",
        f"Machine: {machine()}. Load average when the run ended (other work on the",
        f"machine included): {' / '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        f"After the run, 100 feed pages read through HAProxy by a new user came from: {sample}",
        "(`Server-Timing` names the server).",
        "",
    ]
    lines += run_report(out, "cluster", "## The run")
    return "\n".join(lines)


def run_report(out: Path, run: str, heading: str) -> list[str]:
    """One run's section: its totals and a row per endpoint."""
    lines: list[str] = []
    stats = out / f"w{run}_stats.csv"
    if not stats.exists():
        return [heading, "", "No result (the run failed).", ""]
    rows = list(csv.DictReader(stats.open()))
    cpu, wall = (out / f"cpu-{run}").read_text().split()
    total = next(r for r in rows if r["Name"] == "Aggregated")
    lines += [
        heading,
        "",
        f"{float(total['Requests/s']):.1f} requests per second over "
        f"{total['Request Count']} requests, {total['Failure Count']} errors; the "
        f"generator used {cpu} s of CPU in {wall} s.",
        "",
        "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        name = "**all**" if r["Name"] == "Aggregated" else f"`{r['Name']}`"
        lines.append(
            f"| {name} | {r['Request Count']} | {r['Failure Count']} | "
            f"{float(r['Requests/s']):.1f} | {r['50%']} | {r['95%']} | {r['99%']} |"
        )
    failures = out / f"w{run}_failures.csv"
    errors = list(csv.DictReader(failures.open())) if failures.exists() else []
    if errors:
        lines += ["", "Errors:", ""]
        lines += [
            f"- `{e['Method']} {e['Name']}`: {e['Error']} ({e['Occurrences']})"
            for e in errors
        ]
    lines.append("")
    return lines


if __name__ == "__main__":
    main()

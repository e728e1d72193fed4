"""Test databases for the Makefile (alembic check, browser tests) and the pytest fixtures.

``python -m tests.support create-db NAME`` (re)creates database NAME on the machine's
PostgreSQL at 127.0.0.1:5432 when it answers, else on the embedded server, and prints its URL.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import psycopg

from api import migrate
from api.db import libpq_url

ROOT = Path(__file__).resolve().parent.parent


def server_url() -> str:
    """An admin URL of a server we may create databases on."""
    if url := os.environ.get("EDUDIARY_TEST_SERVER_URL"):
        return url
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return "postgresql://postgres@127.0.0.1:5432/postgres"
    except OSError:
        from api import embedded

        # cleanup_mode="stop": the server stops when the last process using it exits.
        url = embedded.start(Path(__file__).resolve().parent.parent / "var" / "test")
        return with_database(url, "postgres")


def with_database(url: str, name: str) -> str:
    base, sep, query = url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}{sep}{query}"


def recreate(admin_url: str, name: str) -> str:
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(admin_url, name)


def schema_key() -> str:
    """What ``alembic upgrade heads`` builds from: the migrations, alembic's set-up and the
    schema file of procrastinate that the first migration applies."""
    digest = hashlib.sha256(metadata.version("procrastinate").encode())
    for path in [*sorted((ROOT / "migrations").rglob("*.py")), ROOT / "alembic.ini"]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _when_free(statement: Callable[[], object]) -> None:
    # A database another backend is still connected to (a just-closed pool's backend
    # exiting, a run cloning the same template) refuses RENAME and TEMPLATE for a moment.
    for _ in range(50):
        try:
            statement()
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(0.2)
    statement()


def migrated(admin_url: str, name: str) -> str:
    """Database NAME with the schema of the migrations, cloned from a template database
    migrated once per migration set (``edudiary_template_<key>``): ``alembic upgrade``
    took seconds of every test run, cloning takes a fraction of one."""
    template = f"edudiary_template_{schema_key()}"
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as conn:
        built = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (template,))
        if built.fetchone() is None:
            # Built under a name of its own and renamed when complete: a run never clones a
            # half-migrated template, and two runs building at once both succeed.
            building = f"{template}_{os.getpid()}"
            try:
                migrate.upgrade(recreate(admin_url, building))
            except BaseException:
                drop(admin_url, building)  # a failed migration leaves no half-built copy
                raise
            try:
                _when_free(
                    lambda: conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
                )
            except psycopg.errors.DuplicateDatabase:
                drop(admin_url, building)
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _when_free(lambda: conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    return with_database(admin_url, name)


def drop(admin_url: str, name: str) -> None:
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "create-db":
        print("usage: python -m tests.support create-db NAME", file=sys.stderr)
        return 2
    print(recreate(server_url(), argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

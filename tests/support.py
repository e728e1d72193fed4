"""Test databases for the Makefile (alembic check, browser tests) and the pytest fixtures.

``python -m tests.support create-db NAME`` (re)creates database NAME on the machine's
PostgreSQL at 127.0.0.1:5432 when it answers, else on the embedded server, and prints its URL.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import psycopg

from api.db import libpq_url


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

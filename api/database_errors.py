"""Database failures as answers a client can act on, logged without the values involved.

* The database is unreachable (refused, restarting, connection lost, pool exhausted):
  503 with ``Retry-After`` — the request can be repeated, nothing is wrong with it.
* Two transactions got in each other's way (deadlock detected, serialization failure,
  lock wait timed out): 503 with a short ``Retry-After`` — PostgreSQL rolled one back and
  the same request repeated a moment later goes through. Logged as a warning with the
  SQLSTATE, so a design that keeps deadlocking is seen.
* PostgreSQL refused a character (NUL in text): 422 — a last line of defence behind the
  free-text type of ``api/text.py``, for a field that somehow still lacks it.
* Anything else is a real fault (500). It is logged by SQLSTATE and statement only: the
  server's own message can quote the values (``invalid input syntax for type integer:
  "…"``, ``Key (phone)=(…) already exists``), and bound parameters are hidden by the
  engine (``hide_parameters=True`` in ``api/db.py``).
"""

from __future__ import annotations

import logging
import traceback
from typing import Literal

import asyncpg
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.exc import TimeoutError as PoolTimeout

logger = logging.getLogger("edudiary.errors")

# Seconds a client should wait before retrying while the database is away: long enough for
# a restart or a fail-over to finish, short enough that a person does not give up.
RETRY_AFTER_SECONDS = 5

# SQLSTATE: connection_exception class, admin/crash shutdown, cannot connect now, too many
# connections, read-only transaction during a fail-over.
_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53300", "25006"}
_BAD_CHARACTER_STATES = {"22021", "22P05"}
# serialization_failure, deadlock_detected, lock_not_available (lock_timeout).
_CONTENTION_STATES = {"40001", "40P01", "55P03"}
# Seconds before repeating a request that lost a deadlock or a serialization race: the
# other transaction has finished by then.
CONTENTION_RETRY_AFTER_SECONDS = 1

# Registered with the app's exception middleware (see ``api.errors``).
HANDLED: tuple[type[Exception], ...] = (DBAPIError, PoolTimeout, OSError, asyncpg.PostgresError)

Kind = Literal["unavailable", "contention", "bad_character", "fault"]


def _sqlstate(exc: BaseException) -> str | None:
    for candidate in (getattr(exc, "orig", None), exc.__cause__, exc):
        state = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(state, str):
            return state
    return None


def classify(exc: BaseException) -> Kind | None:
    """What kind of database failure ``exc`` is; None when it is not one."""
    if isinstance(exc, PoolTimeout):
        return "unavailable"
    if isinstance(
        exc,
        ConnectionError
        | TimeoutError
        | asyncpg.PostgresConnectionError
        | asyncpg.ConnectionDoesNotExistError
        | asyncpg.CannotConnectNowError,
    ):
        return "unavailable"
    if isinstance(exc, DBAPIError | asyncpg.PostgresError):
        state = _sqlstate(exc)
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return "unavailable"
        if state is not None and (state.startswith("08") or state in _UNAVAILABLE_STATES):
            return "unavailable"
        cause = getattr(exc, "orig", None)
        cause = getattr(cause, "__cause__", None) or cause
        if isinstance(cause, ConnectionError | asyncpg.ConnectionDoesNotExistError):
            return "unavailable"
        if state in _CONTENTION_STATES:
            return "contention"
        if state in _BAD_CHARACTER_STATES:
            return "bad_character"
        return "fault"
    return None


def sqlstate(exc: BaseException) -> str | None:
    return _sqlstate(exc)


def log_fault(exc: BaseException, path: str) -> None:
    """Log a database fault without its message: only where and which SQLSTATE."""
    statement = exc.statement if isinstance(exc, StatementError) else None
    logger.error(
        "database error",
        extra={
            "path": path,
            "error": type(getattr(exc, "orig", None) or exc).__name__,
            "sqlstate": _sqlstate(exc),
            "statement": (statement or "")[:500],
            # Frames only: the exception text is what may carry values.
            "stack": "".join(traceback.format_tb(exc.__traceback__))[-4000:],
        },
    )

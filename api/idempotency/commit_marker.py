"""Marks a request's idempotency key COMMITTED inside the request's own transaction.

The middleware stores the answer only after the response is built, in a transaction of its
own. A process killed between the two left the key "in progress" for 24 hours, though the
write had committed. Now the write's transaction also flips the key to COMMITTED (one
UPDATE run by a ``before_commit`` hook), so after a crash a retry learns the request was
carried out instead of running it again; and a key whose request never committed has only
a short lease (``service.PENDING_LEASE``) that a retry takes over.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from api.idempotency import service

_held: ContextVar[tuple[str, str] | None] = ContextVar("idempotency_held_key", default=None)


@contextmanager
def holding(principal: str, key: str) -> Iterator[None]:
    """While the request runs: its commits also mark (principal, key) COMMITTED."""
    token = _held.set((principal, key))
    try:
        yield
    finally:
        _held.reset(token)


@event.listens_for(Session, "before_commit")
def _mark_committed(session: Session) -> None:
    held = _held.get()
    if held is not None:
        session.execute(service.mark_committed_statement(*held))

"""The audit hook of client access (contract §7): one call per response.

Every answer that carries personal data to an integration client, and every write a
client makes, appends **one** ``audit_events`` row in the request's transaction:

    await client_access(session, caller, "users", subject_ids=[u.id for u in rows])
    await client_access(session, caller, "results", object_id=result_id, write=True)

Call it last, after the rows are read (or written) and before returning: a request that
fails before it leaves no row, a write that rolls back takes its row with it, and the row
exists before the body leaves (SessionDep commits before the response is sent). For a
person it does nothing (staff reads are audited by their own features), so routes open to
both (``roles_or_scopes``) call it unconditionally. The row: ``actor_id`` = the client's
uuid, ``actor_roles = ["integration_client"]``, ``action`` = ``integration.read`` |
``integration.write``, ``object_type`` = the resource, ``object_id`` = the object of a
single-object answer (a non-UUID sourcedId goes to ``details.sourced_id``), ``details =
{client_id, count, subject_ids ≤ 1000}`` — ids only. The school admin sees these rows as
the client's access log, operators in ``GET /api/v1/operator/audit?actor_id=``. A write
that is one of several kinds on the same resource names its kind in ``operation``
(``details.operation``: a webhook's ``create``, ``update``, ``rotate_secret`` …).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.identity.deps import Principal

READ = "integration.read"
WRITE = "integration.write"
MAX_SUBJECTS = 1000


def _as_uuid(value: uuid.UUID | str | None) -> tuple[uuid.UUID | None, str | None]:
    if value is None or isinstance(value, uuid.UUID):
        return value, None
    try:
        return uuid.UUID(value), None
    except ValueError:
        return None, value


async def client_access(
    session: AsyncSession,
    caller: Principal,
    object_type: str,
    *,
    object_id: uuid.UUID | str | None = None,
    subject_ids: Iterable[uuid.UUID | str] = (),
    count: int | None = None,
    write: bool = False,
    operation: str | None = None,
) -> None:
    """One audit row for what ``caller`` (an integration client) read or wrote; nothing for
    a person. ``subject_ids``: the students/people whose data the answer carries (kept ≤
    1000, deduplicated in order); ``count``: rows returned (defaults to the subjects')."""
    if not caller.is_client:
        return
    subjects = list(dict.fromkeys(str(s) for s in subject_ids))
    object_uuid, sourced_id = _as_uuid(object_id)
    details: dict[str, Any] = {
        "client_id": caller.client_id,
        "count": len(subjects) if count is None else count,
        "subject_ids": subjects[:MAX_SUBJECTS],
    }
    if sourced_id is not None:
        details["sourced_id"] = sourced_id
    if operation is not None:
        details["operation"] = operation
    await audit.record(session, caller, WRITE if write else READ, object_type, object_uuid, details)

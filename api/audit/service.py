"""Writing and reading the audit log.

Call ``record`` in the same transaction as the read or change it describes: a rolled-back
change leaves no event, and an event is never lost for a committed one. A staff read is
recorded before the data leaves the service.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Select, String, Uuid, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.identity.deps import Principal
from api.logs import mask_personal_data, request_id_var
from api.statements import Compiled

Scalar = str | int | float | bool | None


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


# A SHA-256 in hex (a signed document's digest): random digits, whose runs the phone and
# SNILS masks match now and then — as ids, never personal data.
_DIGEST = re.compile(r"[0-9a-f]{64}")


def _clean(key: str, item: object) -> Scalar:
    if isinstance(item, uuid.UUID):
        return str(item)
    if (
        isinstance(item, str)
        and not _is_uuid(item)
        and not _DIGEST.fullmatch(item)
        and mask_personal_data(item) != item
    ):
        raise ValueError(f"audit details[{key!r}] looks like personal data")
    if not isinstance(item, Scalar):
        raise TypeError(f"audit details[{key!r}] must be scalars or lists of scalars")
    return item


def _without_personal_data(details: Mapping[str, Any]) -> dict[str, Any]:
    """A programming error, not a user's: details must hold ids and outcomes only.

    The log masks are the house definition of what looks like personal data (SNILS,
    passport, phone, e-mail, birth certificate); a value they would rewrite is refused.
    Ids (UUIDs, which may contain digit runs) are exempt and stored as strings.
    """
    clean: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, list | tuple):
            clean[key] = [_clean(key, item) for item in value]
        else:
            clean[key] = _clean(key, value)
    return clean


def _actor_roles(principal: Principal | None) -> list[str]:
    if principal is None:
        return []
    if principal.is_client:  # contract §7: a client acts under one pseudo-role
        return ["integration_client"]
    return sorted(principal.roles)


async def record(
    session: AsyncSession,
    principal: Principal | None,
    action: str,
    object_type: str,
    object_id: uuid.UUID | None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; ``principal`` None means the system itself acted."""
    payload = _without_personal_data(details or {})
    event = AuditEvent(
        actor_id=principal.account_id if principal else None,
        actor_roles=_actor_roles(principal),
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=payload,
        request_id=request_id_var.get(),
    )
    session.add(event)
    await session.flush()
    return event


@cache
def _insert() -> Compiled:
    return Compiled.of(
        insert(AuditEvent).values(
            actor_id=bindparam("actor_id", type_=Uuid),
            actor_roles=bindparam("actor_roles", type_=ARRAY(String(32))),
            action=bindparam("action", type_=String),
            object_type=bindparam("object_type", type_=String),
            object_id=bindparam("object_id", type_=Uuid),
            details=bindparam("details", type_=JSONB),
            request_id=bindparam("request_id", type_=String),
        )
    )


async def record_read(
    connection: asyncpg.Connection[Any],
    actor_id: uuid.UUID,
    actor_roles: Iterable[str],
    action: str,
    object_type: str,
    object_id: uuid.UUID | None,
    details: Mapping[str, Any],
) -> None:
    """``record`` for a person's read served by a single statement on a connection of the
    hot pool (``HotRead``): the same event, written on that connection after the read and
    before the data leaves; the roles are those the read's statement found."""
    compiled = _insert()
    await connection.execute(
        compiled.sql,
        *compiled.args(
            actor_id=actor_id,
            actor_roles=sorted(actor_roles),
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=json.dumps(_without_personal_data(details)),
            request_id=request_id_var.get(),
        ),
    )


@dataclass(frozen=True, slots=True)
class AuditFilter:
    object_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    action: str | None = None


def _filtered(query: Select[Any], where: AuditFilter) -> Select[Any]:
    if where.object_id is not None:
        query = query.where(AuditEvent.object_id == where.object_id)
    if where.actor_id is not None:
        query = query.where(AuditEvent.actor_id == where.actor_id)
    if where.action is not None:
        query = query.where(AuditEvent.action == where.action)
    return query


async def list_events(
    session: AsyncSession, where: AuditFilter, *, limit: int, offset: int
) -> tuple[list[AuditEvent], int]:
    total = await session.scalar(_filtered(select(func.count(AuditEvent.id)), where))
    rows = await session.scalars(
        _filtered(select(AuditEvent), where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows), int(total or 0)

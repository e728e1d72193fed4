"""``GET /api/v1/operator/audit``: the audit log for operators and platform administrators."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.audit import service
from api.audit.schemas import AuditEventList, AuditEventOut
from api.db import SessionDep
from api.errors import problem_responses
from api.identity.deps import OperatorUser
from api.pagination import Limit, Offset

router = APIRouter(prefix="/operator/audit", tags=["audit"])


@router.get(
    "",
    name="list",
    summary="Журнал аудита: кто и когда читал или менял персональные данные",
    response_model=AuditEventList,
    responses=problem_responses(401, 403, 422),
)
async def list_audit_events(
    principal: OperatorUser,
    session: SessionDep,
    object_id: Annotated[
        uuid.UUID | None, Query(description="Объект: учётная запись, документ")
    ] = None,
    actor_id: Annotated[uuid.UUID | None, Query(description="Кто действовал")] = None,
    action: Annotated[
        str | None, Query(max_length=64, pattern=r"^[a-z_]+\.[a-z_.]+$", examples=["account.view"])
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AuditEventList:
    rows, total = await service.list_events(
        session,
        service.AuditFilter(object_id=object_id, actor_id=actor_id, action=action),
        limit=limit,
        offset=offset,
    )
    return AuditEventList(
        items=[AuditEventOut.model_validate(row, from_attributes=True) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
    )

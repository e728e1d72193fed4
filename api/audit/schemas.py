from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    actor_id: uuid.UUID | None = Field(description="Кто действовал; null — сама система")
    actor_roles: list[str]
    action: str = Field(examples=["document.read"])
    object_type: str = Field(examples=["document"])
    object_id: uuid.UUID | None
    details: dict[str, Any] = Field(description="Идентификаторы и итоги, без персональных данных")
    request_id: str | None


class AuditEventList(BaseModel):
    items: list[AuditEventOut]
    total: int
    limit: int
    offset: int

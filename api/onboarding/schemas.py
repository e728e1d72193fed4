from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.onboarding.models import ImportFormat, ImportMode, ImportStatus


class EntityCounts(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


class ImportSummary(BaseModel):
    classes: EntityCounts = Field(default_factory=EntityCounts)
    students: EntityCounts = Field(default_factory=EntityCounts)
    teachers: EntityCounts = Field(default_factory=EntityCounts)
    guardians: EntityCounts = Field(default_factory=EntityCounts)
    enrollments: EntityCounts = Field(default_factory=EntityCounts)
    teaching_assignments: EntityCounts = Field(default_factory=EntityCounts)
    academic_sessions: EntityCounts = Field(default_factory=EntityCounts)


class ImportOut(BaseModel):
    id: uuid.UUID
    school_id: uuid.UUID
    format: ImportFormat
    mode: ImportMode
    status: ImportStatus
    progress: int = Field(ge=0, le=100)
    summary: ImportSummary
    error_count: int = Field(description="Сколько строк отклонено (подробности — в /errors)")
    failure: str | None = Field(
        default=None, description="Почему файл не обработан целиком (например, не читается лист)"
    )
    failure_code: str | None = None
    created_at: datetime
    finished_at: datetime | None


class ImportErrorOut(BaseModel):
    file: str = Field(examples=["users.csv"])
    row: int = Field(description="Номер строки в файле (заголовок — строка 1)")
    field: str = Field(examples=["userIds"])
    code: str = Field(examples=["snils_checksum"])
    message: str


class ImportErrorPage(BaseModel):
    items: list[ImportErrorOut]
    total: int
    limit: int
    offset: int


class ApplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    skip_invalid: bool = Field(
        default=False, description="Применить только верные строки, пропустив отклонённые"
    )

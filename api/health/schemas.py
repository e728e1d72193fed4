from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"] = Field(description="ok — сервис работает")
    database: Literal["ok", "unavailable"]
    version: str
    environment: str
    worker: Literal["ok", "down", "unknown"] = Field(
        default="unknown",
        description=(
            "ok — хотя бы один обработчик фоновых задач (в этом или другом процессе) "
            "отметился за последнюю минуту; down — ни одного: SMS и письма не уходят"
        ),
    )
    queue_age_seconds: int | None = Field(
        default=None,
        description=(
            "Сколько секунд ждёт самая старая готовая к выполнению задача (0 — очередь пуста)"
        ),
    )

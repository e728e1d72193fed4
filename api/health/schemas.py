from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"] = Field(description="ok — сервис работает")
    database: Literal["ok", "unavailable"]
    version: str
    environment: str

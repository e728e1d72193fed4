from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from api.instants import Instant
from api.notifications.service import Kind


class NotificationOut(BaseModel):
    id: uuid.UUID
    kind: str = Field(examples=["grade"])
    title: str = Field(examples=["Новая оценка: 5"])
    body: str
    link: str | None = Field(examples=["/students/3f1c…/diary?week=2026-W48"])
    created_at: Instant
    read_at: Instant | None


class NotificationFeed(BaseModel):
    items: list[NotificationOut]
    total: int
    unread: int = Field(description="Непрочитанных всего (для значка колокольчика)")
    limit: int
    offset: int


class ReadAllOut(BaseModel):
    updated: int


class NotificationSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sms: list[Kind] = Field(description="Виды уведомлений, которые дублируются СМС")
    email: list[Kind] = Field(
        description="Виды уведомлений, которые дублируются письмом (на подтверждённый адрес)"
    )


def _hh_mm(value: str) -> str:
    try:
        parsed = datetime.strptime(value, "%H:%M")
    except ValueError:
        parsed = None
    if parsed is None or len(value) != 5:
        raise PydanticCustomError(
            "time_format",
            "Time must be HH:MM, from 00:00 to 23:59",
            {"ru": "Время указывается как ЧЧ:ММ, от 00:00 до 23:59"},
        )
    return value


HhMm = Annotated[str, AfterValidator(_hh_mm), Field(examples=["21:00"])]


class QuietHours(BaseModel):
    """Тихие часы: уведомления (кроме срочных) приходят push, СМС и письмом после
    окончания; в приложении — сразу. Время — по часовому поясу школы."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool
    start: HhMm = Field(description="Начало, ЧЧ:ММ (по времени школы)")
    end: HhMm = Field(description="Окончание, ЧЧ:ММ (по времени школы)", examples=["08:00"])

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHours:
        if self.start == self.end:
            raise PydanticCustomError(
                "quiet_hours_empty",
                "Quiet hours must start and end at different times",
                {"ru": "Начало и окончание тихих часов должны различаться"},
            )
        return self


class EmailDigest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(
        description="Одно письмо в день (вечером, по времени школы) вместо письма на каждое событие"
    )

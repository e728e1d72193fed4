from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

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

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class OutboxMessageOut(BaseModel):
    channel: str = Field(description="sms | email")
    to: str
    subject: str
    body: str
    purpose: str
    status: str
    created_at: datetime

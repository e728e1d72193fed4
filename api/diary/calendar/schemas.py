from __future__ import annotations

from pydantic import BaseModel, Field


class CalendarFeedOut(BaseModel):
    url: str = Field(
        description="Секретная ссылка для подписки в календаре (не передавайте её другим)",
        examples=["https://dnevnik.example.ru/api/v1/calendar/3k9….ics"],
    )

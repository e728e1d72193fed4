from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from api.diary.schemas import Ref


class SchoolHolidayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, examples=["Осенние каникулы"])
    starts_on: date = Field(examples=["2026-10-26"])
    ends_on: date = Field(examples=["2026-11-02"])
    class_id: uuid.UUID | None = Field(
        default=None,
        description="Только для этого класса (например, карантин); без него — вся школа",
    )


class SchoolHolidayOut(BaseModel):
    id: uuid.UUID
    name: str
    starts_on: date
    ends_on: date
    school_class: Ref | None = Field(description="Класс, если дни только для него")

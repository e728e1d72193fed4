from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

from api.schools.models import SchoolKind, SchoolStatus
from api.schools.text import normalize_class_letter


class SchoolListItem(BaseModel):
    id: uuid.UUID
    full_name: str
    short_name: str
    inn: str
    ogrn: str
    region_code: str = Field(examples=["77"])
    region_name: str = Field(examples=["Москва"])
    municipality: str | None
    address: str
    kind: SchoolKind
    connected: bool = Field(
        description="Школа работает в электронном дневнике и принимает заявления"
    )
    timezone: str = Field(examples=["Europe/Moscow"])


class SchoolPage(BaseModel):
    items: list[SchoolListItem]
    total: int
    limit: int
    offset: int


class SchoolOut(SchoolListItem):
    kpp: str
    status: SchoolStatus
    phone: str | None
    email: str | None
    website: str | None
    current_academic_year: int = Field(
        description="Текущий учебный год школы (год начала: 2026 — это 2026/2027)",
        examples=[2026],
    )


class SchoolClassOut(BaseModel):
    id: uuid.UUID
    grade: int = Field(ge=1, le=11)
    letter: str = Field(examples=["Б"])
    name: str = Field(examples=["9-Б"])
    profile: str | None = Field(examples=["физико-математический"])
    academic_year: int = Field(examples=[2026])


def _class_letter(value: str) -> str:
    letter = normalize_class_letter(value)
    if letter is None:
        raise PydanticCustomError(
            "class_letter",
            "The class letter must be one Cyrillic letter, e.g. Б",
            {"ru": "Буква класса: одна русская буква, например Б"},
        )
    return letter


ClassLetterStr = Annotated[str, Field(max_length=10, examples=["Б"]), AfterValidator(_class_letter)]


class ClassCheckIn(BaseModel):
    grade: int = Field(ge=1, le=11, description="Номер класса, 1–11", examples=[9])
    letter: ClassLetterStr
    academic_year: int | None = Field(
        default=None,
        ge=2000,
        le=2100,
        description="Учебный год (год начала); по умолчанию текущий для школы",
    )


ClassCheckCode = Literal["class_found", "class_not_found", "school_not_connected", "school_closed"]


class ClassCheckOut(BaseModel):
    """The answer of the «Проверить» button: valid or not, always with a message to show."""

    valid: bool
    code: ClassCheckCode
    class_id: uuid.UUID | None
    name: str = Field(examples=["9-Б"])
    academic_year: int
    message: str = Field(examples=["Класс 9-Б найден в реестре школы"])

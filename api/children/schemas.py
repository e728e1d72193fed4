"""Bodies of ``/api/v1/me/children``."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from api.text import OneLine
from api.validation.checks import check_birth_certificate
from api.validation.types import (
    BirthCertificateStr,
    FirstNameStr,
    LastNameStr,
    MiddleNameStr,
    SnilsStr,
)

ShortLine = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), OneLine]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BirthCertificateIn(_In):
    """Series and number as one string (``IV-МЮ 123456``), or as two fields."""

    series_number: BirthCertificateStr | None = Field(
        default=None, description="Серия и номер: IV-МЮ 123456"
    )
    series: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), OneLine] | None
    ) = Field(default=None, examples=["IV-МЮ"], description="Или серия отдельно")
    number: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), OneLine] | None
    ) = Field(default=None, examples=["123456"], description="и номер отдельно")
    issued_at: date = Field(description="Дата выдачи: не раньше рождения и не в будущем")

    @model_validator(mode="after")
    def _one_series_number(self) -> Self:
        if self.series_number is not None:
            return self
        if not self.series or not self.number:
            raise PydanticCustomError(
                "birth_certificate_required",
                "Birth certificate: enter the series and number, e.g. IV-МЮ 123456",
                {"ru": "Свидетельство о рождении: укажите серию и номер, например IV-МЮ 123456"},
            )
        result = check_birth_certificate(f"{self.series} {self.number}")
        if not result.valid or result.normalized is None:
            problem = result.errors[0]
            raise PydanticCustomError(problem.code, problem.message_en, {"ru": problem.message_ru})
        self.series_number = result.normalized
        return self


class ChildIn(_In):
    last_name: LastNameStr
    first_name: FirstNameStr
    middle_name: MiddleNameStr | None = None
    birth_date: date = Field(description="Не в будущем; ученику не больше 25 лет")
    snils: SnilsStr
    birth_certificate: BirthCertificateIn


class ChildPatch(_In):
    """Only the fields sent are changed; ``middle_name: null`` removes the patronymic."""

    last_name: LastNameStr | None = None
    first_name: FirstNameStr | None = None
    middle_name: MiddleNameStr | None = None
    birth_date: date | None = None
    snils: SnilsStr | None = None
    birth_certificate: BirthCertificateIn | None = None


class ChildOut(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date
    snils: str = Field(description="Замаскированный СНИЛС: ***-***-445 95")
    birth_certificate: str = Field(description="Замаскированное свидетельство: IV-МЮ ***456")
    birth_certificate_issued_at: date
    student_id: uuid.UUID | None = Field(
        description="Ученик, когда заявление одобрено и ребёнок зачислен в класс"
    )
    created_at: datetime
    updated_at: datetime


class ChildList(BaseModel):
    items: list[ChildOut]
    total: int
    limit: int
    offset: int

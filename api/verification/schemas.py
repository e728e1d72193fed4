"""Request and response bodies of the verification and operator endpoints."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from api.documents.schemas import DocumentOut
from api.identity.models import AccountLevel, AccountStatus, RegistryStatus
from api.text import Lines, OneLine
from api.validation.types import IssuerCodeStr, SnilsStr
from api.verification.models import ConfirmationMethod

_ISSUER_NAME = re.compile(r"[А-ЯЁа-яё0-9 .,\-№\"«»()/]+")


def _issuer_name(value: str) -> str:
    text = " ".join(value.split())
    if not re.search(r"[А-ЯЁа-яё]", text) or _ISSUER_NAME.fullmatch(text) is None:
        raise PydanticCustomError(
            "issuer_name_format",
            "Issued by: write it as in the passport, in Russian letters",
            {"ru": "Кем выдан: укажите как в паспорте, русскими буквами"},
        )
    return text


IssuerName = Annotated[
    str,
    StringConstraints(min_length=3, max_length=200),
    OneLine,
    AfterValidator(_issuer_name),
    Field(examples=["ГУ МВД России по г. Москве"]),
]
PassportSeries = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{2} ?[0-9]{2}$"),
    Field(examples=["4509"], description="Серия: 4 цифры"),
]
PassportNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{6}$"),
    Field(examples=["123456"], description="Номер: 6 цифр"),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SnilsIn(_In):
    snils: SnilsStr


class PassportIn(_In):
    series: PassportSeries
    number: PassportNumber
    issued_at: date = Field(description="Дата выдачи, не раньше 01.10.1997")
    issuer_code: IssuerCodeStr
    issuer_name: IssuerName
    birth_date: date | None = Field(
        default=None,
        description="Дата рождения владельца: с ней проверяется, что паспорт выдан с 14 лет "
        "и не просрочен в 20 и 45 лет",
    )


class VerificationOut(BaseModel):
    level: AccountLevel
    snils: str | None = Field(description="Замаскированный СНИЛС: ***-***-445 95")
    passport: str | None = Field(description="Замаскированный паспорт: 45 ** ***456")
    registry_status: RegistryStatus
    registry_message: str | None
    registry_checked_at: datetime | None
    confirmed_at: datetime | None
    confirmation_method: ConfirmationMethod | None
    next_steps: list[str] = Field(description="Что нужно сделать для следующего уровня")


ConfirmationCodeStr = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=8, max_length=20),
    Field(examples=["K7MX-4PRT"]),
]


class ConfirmationCodeIn(_In):
    code: ConfirmationCodeStr


class ConfirmationCodeOut(BaseModel):
    code: str = Field(description="Показывается один раз: передайте его владельцу учётной записи")
    expires_at: datetime


OperatorNote = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), Lines]


class ConfirmIn(_In):
    method: Literal["service_center", "video"]
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), Lines] | None = (
        None
    )


class ConfirmationOut(BaseModel):
    account_id: uuid.UUID
    level: AccountLevel
    method: ConfirmationMethod
    confirmed_at: datetime


class OperatorAccountItem(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    phone: str
    level: AccountLevel
    created_at: datetime
    documents_count: int


class OperatorAccountList(BaseModel):
    items: list[OperatorAccountItem]
    total: int
    limit: int
    offset: int


class ConfirmationRecordOut(BaseModel):
    method: ConfirmationMethod
    operator_id: uuid.UUID | None
    created_at: datetime


class OperatorAccountOut(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    phone: str
    email: str | None
    level: AccountLevel
    status: AccountStatus
    created_at: datetime
    snils: str | None = Field(description="Замаскированный СНИЛС")
    passport: str | None = Field(description="Замаскированный паспорт")
    registry_status: RegistryStatus
    registry_message: str | None
    confirmations: list[ConfirmationRecordOut]
    documents: list[DocumentOut]

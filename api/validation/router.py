"""``POST /api/v1/validation/{kind}``: the same checks the forms use, for clients that want
to validate a field as it is typed. Always 200: the verdict is the payload."""

from __future__ import annotations

import enum

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.errors import problem_responses
from api.i18n import current_lang
from api.validation.checks import CHECKS

router = APIRouter(prefix="/validation", tags=["validation"])

ValidationKind = enum.StrEnum(  # type: ignore[misc]
    "ValidationKind", {kind.replace("-", "_"): kind for kind in CHECKS}
)


class ValidationIn(BaseModel):
    value: str = Field(max_length=500, examples=["112-233-445 95"])


class ValidationProblemOut(BaseModel):
    code: str
    message: str


class ValidationOut(BaseModel):
    valid: bool
    normalized: str | None = Field(
        description="Каноническая запись значения, если его удалось разобрать"
    )
    errors: list[ValidationProblemOut]


@router.post(
    "/{kind}",
    name="check",
    summary="Проверить значение поля (СНИЛС, ИНН, ОГРН, КПП, паспорт, телефон, ФИО...)",
    response_model=ValidationOut,
    responses=problem_responses(422),
)
async def check_value(kind: ValidationKind, body: ValidationIn) -> ValidationOut:
    result = CHECKS[kind.value](body.value)
    english = current_lang.get() == "en"
    return ValidationOut(
        valid=result.valid,
        normalized=result.normalized,
        errors=[
            ValidationProblemOut(code=p.code, message=p.message_en if english else p.message_ru)
            for p in result.errors
        ],
    )

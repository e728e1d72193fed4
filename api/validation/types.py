"""Request-model string types that run a check and keep its canonical form.

A field typed ``SnilsStr`` arrives in the handler as "112-233-445 95" whatever the user
typed. A failed check raises ``PydanticCustomError(code, message_en, {"ru": message_ru})``:
the app's 422 handler shows ``ctx["ru"]`` to Russian readers and the message to English
ones, and the stable ``code`` to machines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from api.validation.checks import (
    CheckResult,
    NameField,
    check_birth_certificate,
    check_inn,
    check_issuer_code,
    check_kpp,
    check_ogrn,
    check_passport,
    check_person_name,
    check_phone,
    check_snils,
    check_student_number,
)


def normalized_or_error(check: Callable[[str], CheckResult]) -> Callable[[str], str]:
    """A pydantic validator: the canonical value, or the check's first problem."""

    def validate(value: str) -> str:
        result = check(value)
        if result.valid and result.normalized is not None:
            return result.normalized
        problem = result.errors[0]
        # The messages contain no braces, so pydantic's templating leaves them intact.
        raise PydanticCustomError(problem.code, problem.message_en, {"ru": problem.message_ru})

    return validate


def _name_check(field: NameField) -> Callable[[str], CheckResult]:
    def check(value: str) -> CheckResult:
        return check_person_name(value, field=field)

    return check


SnilsStr = Annotated[
    str, AfterValidator(normalized_or_error(check_snils)), Field(examples=["112-233-445 95"])
]
InnStr = Annotated[
    str, AfterValidator(normalized_or_error(check_inn)), Field(examples=["7707083893"])
]
OgrnStr = Annotated[
    str, AfterValidator(normalized_or_error(check_ogrn)), Field(examples=["1027700132195"])
]
KppStr = Annotated[
    str, AfterValidator(normalized_or_error(check_kpp)), Field(examples=["773601001"])
]
PassportStr = Annotated[
    str, AfterValidator(normalized_or_error(check_passport)), Field(examples=["4509 123456"])
]
IssuerCodeStr = Annotated[
    str, AfterValidator(normalized_or_error(check_issuer_code)), Field(examples=["770-001"])
]
BirthCertificateStr = Annotated[
    str,
    AfterValidator(normalized_or_error(check_birth_certificate)),
    Field(examples=["IV-МЮ 123456"]),
]
PhoneStr = Annotated[
    str, AfterValidator(normalized_or_error(check_phone)), Field(examples=["+79991234567"])
]
LastNameStr = Annotated[
    str,
    AfterValidator(normalized_or_error(_name_check("last_name"))),
    Field(examples=["Римская-Корсакова"]),
]
FirstNameStr = Annotated[
    str,
    AfterValidator(normalized_or_error(_name_check("first_name"))),
    Field(examples=["Алёна"]),
]
MiddleNameStr = Annotated[
    str,
    AfterValidator(normalized_or_error(_name_check("middle_name"))),
    Field(examples=["Сергеевна"]),
]
StudentNumberStr = Annotated[
    str,
    AfterValidator(normalized_or_error(check_student_number)),
    Field(examples=["1234567890"]),
]

"""Format and checksum rules for the identifiers and names a family types in.

Pure functions: each takes the raw string from a form and says whether it is valid, what
its canonical spelling is, and what is wrong in words the seed uses («Некорректный
номер телефона»), in Russian and English. No I/O: registry look-ups (СФР, ФНС, МВД) live
behind the gateway; these checks only catch typos before a value goes anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from api.validation.checks._common import CheckResult, Problem
from api.validation.checks.dates import (
    check_birth_date,
    check_date_not_future,
    check_student_number,
    parse_ru_date,
)
from api.validation.checks.documents import (
    check_birth_certificate,
    check_issuer_code,
    check_passport,
)
from api.validation.checks.names import NameField, check_person_name
from api.validation.checks.phone import check_phone
from api.validation.checks.registry_numbers import (
    check_inn,
    check_kpp,
    check_ogrn,
    check_snils,
    inn_control,
    ogrn_control,
    snils_control,
)

__all__ = [
    "CHECKS",
    "CheckResult",
    "NameField",
    "Problem",
    "check_birth_certificate",
    "check_birth_date",
    "check_date_not_future",
    "check_inn",
    "check_issuer_code",
    "check_kpp",
    "check_ogrn",
    "check_passport",
    "check_person_name",
    "check_phone",
    "check_snils",
    "check_student_number",
    "inn_control",
    "ogrn_control",
    "parse_ru_date",
    "snils_control",
]


def _check_person_name_neutral(value: str) -> CheckResult:
    return check_person_name(value, field="person_name")


# The kinds of POST /api/v1/validation/{kind}.
CHECKS: dict[str, Callable[[str], CheckResult]] = {
    "snils": check_snils,
    "inn": check_inn,
    "ogrn": check_ogrn,
    "kpp": check_kpp,
    "passport": check_passport,
    "birth-certificate": check_birth_certificate,
    "phone": check_phone,
    "person-name": _check_person_name_neutral,
    "issuer-code": check_issuer_code,
}

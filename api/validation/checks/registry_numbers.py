"""SNILS, INN, OGRN/OGRNIP and KPP: lengths and official checksums."""

from __future__ import annotations

import re

from api.validation.checks._common import (
    _MAX_INPUT,
    CheckResult,
    Problem,
    _checksum_problem,
    _compact,
    _digits_or_problem,
    _fail,
    _NumericField,
    _ok,
    _required,
)

# --- СНИЛС -------------------------------------------------------------------------


def snils_control(body: str) -> int:
    """Control number of the 9-digit SNILS body (weights 9..1, modulo 101, 100 -> 00).

    The official wording (sum < 100 is the control, 100 and 101 give 00, above 101 take
    the remainder mod 101 and 100 gives 00) is exactly this.
    """
    total = sum(int(digit) * weight for digit, weight in zip(body, range(9, 0, -1), strict=True))
    remainder = total % 101
    return 0 if remainder == 100 else remainder


_SNILS = _NumericField(
    "snils", "СНИЛС", "SNILS", "Некорректный СНИЛС", "Invalid SNILS", (11,), "123-456-789 01"
)
# The official rule: «Проверка контрольного числа Страхового номера проводится только для
# номеров больше номера 001-001-998»; below it any control number is accepted.
_SNILS_UNCHECKED_UP_TO = 1_001_998

# Not implemented: "no digit three times in a row". Some third-party generators have it,
# but we found no official source: the official description has only the checksum and
# the 001-001-998 exception (a range that itself holds runs such as 001-000-...).
# Refusing a real number would lock a family out, so without a source we leave it out.


def check_snils(value: str) -> CheckResult:
    digits = _digits_or_problem(value, _SNILS)
    if isinstance(digits, Problem):
        return _fail(digits)
    body, control = digits[:9], int(digits[9:])
    normalized = f"{body[:3]}-{body[3:6]}-{body[6:]} {digits[9:]}"
    if int(body) > _SNILS_UNCHECKED_UP_TO and snils_control(body) != control:
        return _fail(_checksum_problem(_SNILS), normalized=normalized)
    return _ok(normalized)


# --- ИНН -------------------------------------------------------------------------

_INN = _NumericField("inn", "ИНН", "INN", "Некорректный ИНН", "Invalid INN", (10, 12), "7707083893")
_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def inn_control(digits: str, weights: tuple[int, ...]) -> int:
    """One INN check digit: weighted sum of the preceding digits, mod 11, mod 10."""
    total = sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True))
    return total % 11 % 10


def check_inn(value: str) -> CheckResult:
    digits = _digits_or_problem(value, _INN)
    if isinstance(digits, Problem):
        return _fail(digits)
    if len(digits) == 10:
        ok = inn_control(digits[:9], _INN10_WEIGHTS) == int(digits[9])
    else:
        ok = inn_control(digits[:10], _INN11_WEIGHTS) == int(digits[10]) and inn_control(
            digits[:11], _INN12_WEIGHTS
        ) == int(digits[11])
    if not ok:
        return _fail(_checksum_problem(_INN), normalized=digits)
    return _ok(digits)


# --- ОГРН / ОГРНИП ----------------------------------------------------------------

# The first digit says what kind of register record a number belongs to: 1 and 5 are the
# ОГРН of a legal entity, 3 the ОГРНИП of an entrepreneur; 2 and 6-9 (ЕГРЮЛ) and 4 (ЕГРИП)
# are ГРН of later records (changes, extracts). Those pass the same checksum but do not
# identify the organisation, and are what people copy from an extract by mistake, so
# they are refused with their own code.
_OGRN_FIRST_DIGITS = {13: "15", 15: "3"}
_OGRN = _NumericField(
    "ogrn", "ОГРН", "OGRN", "Некорректный ОГРН", "Invalid OGRN", (13, 15), "1027700132195"
)


def ogrn_control(body: str) -> int:
    """Check digit: the number without it mod 11 (ОГРН, 12 digits) or mod 13 (ОГРНИП)."""
    modulus = 11 if len(body) == 12 else 13
    return int(body) % modulus % 10


def check_ogrn(value: str) -> CheckResult:
    digits = _digits_or_problem(value, _OGRN)
    if isinstance(digits, Problem):
        return _fail(digits)
    problems: list[Problem] = []
    if digits[0] not in _OGRN_FIRST_DIGITS[len(digits)]:
        problems.append(
            Problem(
                "ogrn_record_kind",
                "Некорректный ОГРН: ОГРН начинается с 1 или 5, ОГРНИП — с 3; "
                "возможно, указан ГРН записи об изменениях",
                "Invalid OGRN: an OGRN starts with 1 or 5 and an OGRNIP with 3; "
                "this looks like the number of a later register record",
            )
        )
    if ogrn_control(digits[:-1]) != int(digits[-1]):
        problems.append(_checksum_problem(_OGRN))
    return _fail(*problems, normalized=digits) if problems else _ok(digits)


# --- КПП --------------------------------------------------------------------------

# Since 2019 the two reason characters (5th and 6th) may be capital Latin letters as
# well as digits; the tax-office code before them and the number after are digits.
_KPP = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")
# Typed on the Russian layout, the reason letters come out Cyrillic; the twins that look
# the same are taken for the Latin letters they can only mean here.
_KPP_LOOKALIKES = str.maketrans("АВСЕНКМОРТХУ", "ABCEHKMOPTXY")


def check_kpp(value: str) -> CheckResult:
    text = value.strip()
    if not text:
        return _fail(_required("КПП", "KPP"))
    kpp = _compact(text).upper().translate(_KPP_LOOKALIKES)
    if len(text) <= _MAX_INPUT and _KPP.fullmatch(kpp):
        return _ok(kpp)
    return _fail(
        Problem(
            "kpp_format",
            "Некорректный КПП: нужно 9 знаков — 4 цифры, 2 цифры или латинские буквы, "
            "3 цифры, например 773601001",
            "Invalid KPP: it must be 9 characters — 4 digits, 2 digits or Latin capital "
            "letters, 3 digits, e.g. 773601001",
        )
    )

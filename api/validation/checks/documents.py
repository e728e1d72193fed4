"""Passport, issuer code and birth certificate numbers."""

from __future__ import annotations

import re
import unicodedata

from api.validation.checks._common import (
    _MAX_INPUT,
    CheckResult,
    Problem,
    _digits_or_problem,
    _fail,
    _NumericField,
    _ok,
    _required,
)

# --- Паспорт и код подразделения ------------------------------------------------------

# Between series and number people also type the number sign, as printed in forms.
_NUMBER_SIGN = re.compile(r"№|N(?=[\s0-9])")
_PASSPORT = _NumericField(
    "passport",
    "Серия и номер паспорта",
    "Passport series and number",
    "Некорректные серия и номер паспорта",
    "Invalid passport series and number",
    (10,),
    "4509 123456",
)
_ISSUER_CODE = _NumericField(
    "issuer_code",
    "Код подразделения",
    "Issuer code",
    "Некорректный код подразделения",
    "Invalid issuer code",
    (6,),
    "770-001",
)


def check_passport(value: str) -> CheckResult:
    text = _NUMBER_SIGN.sub(" ", value)
    digits = _digits_or_problem(text, _PASSPORT)
    if isinstance(digits, Problem):
        return _fail(digits)
    series, number = digits[:4], digits[4:]
    normalized = f"{series} {number}"
    problems: list[Problem] = []
    # The series opens with the region's ОКАТО code, and no region has code 00.
    if series.startswith("00"):
        problems.append(
            Problem(
                "passport_series",
                "Некорректная серия паспорта: серия не может начинаться с 00",
                "Invalid passport series: it cannot start with 00",
            )
        )
    # Blank numbering within a series starts at 000101.
    if int(number) < 101:
        problems.append(
            Problem(
                "passport_number",
                "Некорректный номер паспорта: номер не может быть меньше 000101",
                "Invalid passport number: it cannot be below 000101",
            )
        )
    return _fail(*problems, normalized=normalized) if problems else _ok(normalized)


def check_issuer_code(value: str) -> CheckResult:
    digits = _digits_or_problem(value, _ISSUER_CODE)
    if isinstance(digits, Problem):
        return _fail(digits)
    normalized = f"{digits[:3]}-{digits[3:]}"
    # The first two digits are the region code, which is never 00.
    if digits.startswith("00"):
        return _fail(
            Problem(
                "issuer_code_region",
                "Некорректный код подразделения: первые две цифры — код региона, не 00",
                "Invalid issuer code: the first two digits are a region code and cannot be 00",
            ),
            normalized=normalized,
        )
    return _ok(normalized)


# --- Свидетельство о рождении ---------------------------------------------------------

# Look-alikes. People type the series on whichever layout is active, so we accept and
# silently fix characters that look the same and cannot mean anything else there:
# - Roman part: Cyrillic Х and С (on the Russian layout) for X and C, Ukrainian and
#   Belarusian І for I, and the Unicode roman-numeral signs (Ⅳ) via NFKC. The Russian
#   layout has no look-alike for V or L, and digits such as 1 for I are not accepted.
# - Letter part: Latin A B C E H K M O P T X Y for Cyrillic А В С Е Н К М О Р Т Х У.
#   Other Latin letters have no Cyrillic twin and are refused.
# Lower case is accepted and upper-cased. A separator between the two parts is required,
# since without it "ХС" could not be split between the parts.
_ROMAN_LOOKALIKES = str.maketrans("ХСІ", "XCI")
_LETTER_LOOKALIKES = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_BIRTH_CERTIFICATE = re.compile(
    r"(?P<roman>[IVXLCХСІ\u2160-\u2188]+)\s*(?:[\-\u2010-\u2015\u2212]|\s)\s*"
    r"(?P<letters>[А-ЯЁABCEHKMOPTXY]{2})\s*(?:№\s*)?(?P<number>[0-9]{6})"
)
# Canonical numerals 1..399: the part encodes a region code, several of which are
# above XXX, so the range is not capped there. "IIII", "VX", "IC" are not numerals.
_ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")

_BIRTH_CERTIFICATE_FORMAT = Problem(
    "birth_certificate_format",
    "Некорректное свидетельство о рождении: укажите серию и номер в виде IV-МЮ 123456",
    "Invalid birth certificate: enter the series and number as IV-МЮ 123456",
)


def check_birth_certificate(value: str) -> CheckResult:
    text = value.strip().upper()
    if not text:
        return _fail(_required("Свидетельство о рождении", "Birth certificate"))
    match = _BIRTH_CERTIFICATE.fullmatch(text) if len(text) <= _MAX_INPUT else None
    if match is None:
        return _fail(_BIRTH_CERTIFICATE_FORMAT)
    roman = unicodedata.normalize("NFKC", match["roman"]).translate(_ROMAN_LOOKALIKES)
    if re.fullmatch(r"[IVXLC]+", roman) is None:  # e.g. the sign for 1000 became "M"
        return _fail(_BIRTH_CERTIFICATE_FORMAT)
    letters = match["letters"].translate(_LETTER_LOOKALIKES)
    normalized = f"{roman}-{letters} {match['number']}"
    if _ROMAN.fullmatch(roman) is None:
        return _fail(
            Problem(
                "birth_certificate_roman",
                "Некорректная серия свидетельства о рождении: первая часть — римское число "
                "из латинских букв I, V, X, L, C, например IV",
                "Invalid birth certificate series: the first part is a Roman numeral "
                "of Latin I, V, X, L, C, e.g. IV",
            ),
            normalized=normalized,
        )
    return _ok(normalized)

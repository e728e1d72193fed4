"""Shared shapes of every check: results, problems, numeric-field parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    code: str  # stable snake_case, prefixed by the kind: "snils_checksum"
    message_ru: str  # names the field, Gosuslugi style: «Некорректный СНИЛС: ...»
    message_en: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    valid: bool
    # Canonical spelling ("112-233-445 95") whenever the value could be read, even if a
    # checksum then failed; None when it could not be read at all.
    normalized: str | None
    errors: tuple[Problem, ...]


def _ok(normalized: str) -> CheckResult:
    return CheckResult(valid=True, normalized=normalized, errors=())


def _fail(*problems: Problem, normalized: str | None = None) -> CheckResult:
    return CheckResult(valid=False, normalized=normalized, errors=problems)


def _required(label_ru: str, label_en: str) -> Problem:
    # One code for every empty field, so clients map it once; the message names the field.
    return Problem("required", f"{label_ru}: заполните поле", f"{label_en}: this field is required")


# Anything longer is not a typo of an identifier; refusing early bounds the work
# (regexes, phonenumbers) done on hostile input.
_MAX_INPUT = 100

# People paste numbers with spaces (also no-break and thin ones from PDFs) and with
# hyphens or the dashes word processors substitute for them.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
# ASCII only: str.isdigit() would also accept Arabic-Indic or superscript digits.
_DIGITS = re.compile(r"[0-9]+")


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text)


def _is_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class _NumericField:
    kind: str  # prefix of the error codes
    label_ru: str  # «СНИЛС: заполните поле»
    label_en: str
    invalid_ru: str  # «Некорректный СНИЛС: ...»
    invalid_en: str
    lengths: tuple[int, ...]
    example: str


def _digits_or_problem(value: str, field: _NumericField) -> str | Problem:
    """The digits of a numeric identifier, or the first thing wrong with its spelling."""
    text = value.strip()
    if not text:
        return _required(field.label_ru, field.label_en)
    digits = _compact(text)
    if len(text) > _MAX_INPUT or not _is_digits(digits):
        return Problem(
            f"{field.kind}_format",
            f"{field.invalid_ru}: допустимы только цифры, например {field.example}",
            f"{field.invalid_en}: only digits are allowed, e.g. {field.example}",
        )
    if len(digits) not in field.lengths:
        count_ru = " или ".join(str(n) for n in field.lengths)
        count_en = " or ".join(str(n) for n in field.lengths)
        return Problem(
            f"{field.kind}_length",
            f"{field.invalid_ru}: должно быть {count_ru} цифр, сейчас {len(digits)}",
            f"{field.invalid_en}: it must have {count_en} digits, not {len(digits)}",
        )
    return digits


def _checksum_problem(field: _NumericField) -> Problem:
    return Problem(
        f"{field.kind}_checksum",
        f"{field.invalid_ru}: не сходится контрольное число",
        f"{field.invalid_en}: the check digits do not match",
    )

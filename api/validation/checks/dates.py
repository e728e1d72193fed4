"""Dates (DD.MM.YYYY or ISO), birth dates and the optional student number."""

from __future__ import annotations

import re
from datetime import date

from api.validation.checks._common import (
    CheckResult,
    Problem,
    _fail,
    _is_digits,
    _ok,
    _required,
)

# --- Даты -------------------------------------------------------------------------

_DATE_LABELS: dict[str, tuple[str, str]] = {
    "birth_date": ("Дата рождения", "Date of birth"),
    "issued_at": ("Дата выдачи", "Date of issue"),
}
_RU_DATE = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# A pupil is at most 25: schools teach adults only in evening classes, and a later
# year here is a typo (the seed's «ошибки в дате рождения»).
_PUPIL_MAX_AGE = 25


def parse_ru_date(value: str) -> date | None:
    """DD.MM.YYYY (the seed's ДД.ММ.ГГГГ) or ISO YYYY-MM-DD; None if neither or no such day."""
    text = value.strip()
    if match := _RU_DATE.fullmatch(text):
        day, month, year = match.groups()
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def check_date_not_future(value: date, *, today: date, field: str) -> CheckResult:
    label_ru, label_en = _DATE_LABELS.get(field, (field, field))
    if value > today:
        return _fail(
            Problem(
                "date_in_future",
                f"{label_ru}: дата не может быть в будущем",
                f"{label_en}: the date cannot be in the future",
            ),
            normalized=value.isoformat(),
        )
    return _ok(value.isoformat())


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def check_birth_date(value: date, *, today: date) -> CheckResult:
    result = check_date_not_future(value, today=today, field="birth_date")
    if result.valid and value < _years_before(today, _PUPIL_MAX_AGE):
        return _fail(
            Problem(
                "birth_date_implausible",
                f"Дата рождения: проверьте год — ученику не может быть больше {_PUPIL_MAX_AGE} лет",
                f"Date of birth: check the year — a pupil cannot be over {_PUPIL_MAX_AGE}",
            ),
            normalized=value.isoformat(),
        )
    return result


# --- Идентификационный номер ученика ------------------------------------------------

_STUDENT_NUMBER_MAX = 20


def check_student_number(value: str) -> CheckResult:
    """Seed: «номер ученика состоит из цифр без пробелов» — so no separators here."""
    label_ru, label_en = "Идентификационный номер ученика", "Student number"
    text = value.strip()
    if not text:
        return _fail(_required(label_ru, label_en))
    if not _is_digits(text):
        return _fail(
            Problem(
                "student_number_format",
                f"{label_ru}: только цифры, без пробелов",
                f"{label_en}: digits only, without spaces",
            )
        )
    if len(text) > _STUDENT_NUMBER_MAX:
        return _fail(
            Problem(
                "student_number_length",
                f"{label_ru}: не больше {_STUDENT_NUMBER_MAX} цифр",
                f"{label_en}: at most {_STUDENT_NUMBER_MAX} digits",
            )
        )
    return _ok(text)

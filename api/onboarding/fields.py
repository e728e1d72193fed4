"""Checking one row's fields with the project's validators (api/validation), collecting
every problem of the row with its file, row number and column, in Russian and English."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from api.i18n import Text
from api.onboarding.records import RowProblem, Source
from api.text import has_forbidden_characters
from api.validation.checks import (
    CheckResult,
    NameField,
    check_birth_date,
    check_date_not_future,
    check_person_name,
    check_phone,
    check_snils,
    check_student_number,
    parse_ru_date,
)

_CLASS_NAME = re.compile(r"^\s*(\d{1,2})\s*[-–\s]?\s*([А-ЯЁа-яё])\s*$")
_EMAIL = re.compile(r"^[^@\s\x00-\x1f]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z0-9-]{2,63}$")
_EXTERNAL_ID_MAX = 255
HOURS_MAX = 40


def parse_class_name(value: str) -> tuple[int, str] | None:
    """«9-Б», «9Б», «9 б» → (9, "Б"); None when it is not a class name."""
    match = _CLASS_NAME.match(value)
    if match is None:
        return None
    grade, letter = int(match.group(1)), match.group(2).upper()
    return (grade, letter) if 1 <= grade <= 11 else None


class RowCheck:
    """The problems found in one row; the row is rejected when there is any."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.problems: list[RowProblem] = []

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, field: str, code: str, ru: str, en: str) -> None:
        self.problems.append(RowProblem(self.src.file, self.src.row, field, code, Text(ru, en)))

    def _result(self, field: str, result: CheckResult) -> str | None:
        if result.valid and result.normalized is not None:
            return result.normalized
        problem = result.errors[0]
        self.fail(field, problem.code, problem.message_ru, problem.message_en)
        return None

    def required(self, value: str, field: str) -> str | None:
        text = value.strip()
        if not text:
            self.fail(field, "required", "Заполните поле", "The field is required")
            return None
        if has_forbidden_characters(text) or "\n" in text:
            self.fail(
                field,
                "control_characters",
                "Значение должно быть одной строкой без управляющих символов",
                "The value must be a single line without control characters",
            )
            return None
        return text

    def external_id(self, value: str, field: str) -> str | None:
        text = self.required(value, field)
        if text is not None and len(text) > _EXTERNAL_ID_MAX:
            self.fail(
                field,
                "external_id_too_long",
                f"Идентификатор длиннее {_EXTERNAL_ID_MAX} символов",
                f"The identifier is longer than {_EXTERNAL_ID_MAX} characters",
            )
            return None
        return text

    def name(self, value: str, field: str, kind: NameField, *, required: bool = True) -> str | None:
        if not value.strip() and not required:
            return None
        return self._result(field, check_person_name(value, field=kind))

    def snils(self, value: str, field: str) -> str | None:
        return self._result(field, check_snils(value)) if value.strip() else None

    def phone(self, value: str, field: str) -> str | None:
        return self._result(field, check_phone(value)) if value.strip() else None

    def student_number(self, value: str, field: str) -> str | None:
        return self._result(field, check_student_number(value)) if value.strip() else None

    def email(self, value: str, field: str) -> str | None:
        text = value.strip().lower()
        if not text:
            return None
        if len(text) > 254 or not _EMAIL.match(text):
            self.fail(
                field, "email_format", "Некорректный адрес электронной почты", "Invalid e-mail"
            )
            return None
        return text

    def day(self, value: str | date | None, field: str) -> date | None:
        """A date as ДД.ММ.ГГГГ or ISO (or an Excel date cell)."""
        if isinstance(value, date):
            return value
        parsed = parse_ru_date(value or "")
        if parsed is None:
            self.fail(
                field,
                "date_format",
                "Укажите дату в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД",
                "Give the date as DD.MM.YYYY or YYYY-MM-DD",
            )
        return parsed

    def birth_date(
        self, value: str | date | None, field: str, *, pupil: bool, today: date
    ) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if pupil:
                self.fail(
                    field,
                    "required",
                    "Укажите дату рождения ученика",
                    "Give the pupil's date of birth",
                )
            return None
        day = self.day(value, field)
        if day is None:
            return None
        check = check_birth_date if pupil else _not_future
        return (
            date.fromisoformat(x) if (x := self._result(field, check(day, today=today))) else None
        )

    def hours(self, value: object, field: str) -> Decimal | None:
        """Hours a week of a teaching load: 0–40, in halves at most («4», «1,5»); empty: None."""
        text = "" if value is None else str(value).strip().replace(",", ".")
        if not text:
            return None
        try:
            hours = Decimal(text)
        except InvalidOperation:
            hours = Decimal(-1)
        if not (hours.is_finite() and 0 <= hours <= HOURS_MAX and (hours * 2) % 1 == 0):
            self.fail(
                field,
                "hours_format",
                "Часов в неделю — число от 0 до 40 (можно с половиной: 1,5)",
                "Hours a week: a number from 0 to 40 (halves allowed: 1.5)",
            )
            return None
        return hours.quantize(Decimal("0.1"))

    def class_name(self, value: str, field: str) -> tuple[int, str] | None:
        text = self.required(value, field)
        if text is None:
            return None
        parsed = parse_class_name(text)
        if parsed is None:
            self.fail(
                field,
                "class_name_format",
                "Класс записывается как «9-Б»: номер параллели 1–11 и буква",
                "A class is written as «9-Б»: grade 1–11 and a letter",
            )
        return parsed


def _not_future(value: date, *, today: date) -> CheckResult:
    return check_date_not_future(value, today=today, field="birth_date")

"""The school's own XLSX template: reading it into a ``Roster`` (openpyxl, read-only mode:
rows stream from the file, memory stays flat) — the same rows a OneRoster zip gives."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from api.i18n import Text
from api.onboarding.fields import RowCheck
from api.onboarding.records import (
    ClassRow,
    EnrollmentRow,
    PersonRow,
    Roster,
    RowProblem,
    SectionRow,
    Source,
)
from api.onboarding.unreadable import Unreadable

CLASSES, TEACHERS, STUDENTS, GUARDIANS, LOAD = (
    "Классы",
    "Учителя",
    "Ученики",
    "Родители",
    "Нагрузка",
)
STATUS = "Статус"
DELETE_MARK = "удалить"

# Sheet → columns (name, required, note for the template).
COLUMNS: dict[str, list[tuple[str, bool, str]]] = {
    CLASSES: [
        ("Класс", True, "Номер параллели и буква: 9-Б"),
        ("Учебный год", False, "2026/2027; пусто — текущий учебный год"),
        ("Профиль", False, "Например: физико-математический"),
        ("Классный руководитель (код учителя)", False, "Код из листа «Учителя»"),
        ("Код", False, "Ваш идентификатор класса; пусто — класс узнаётся по названию"),
        (STATUS, False, "Пусто — действует; «удалить» — класс уходит в архив"),
    ],
    TEACHERS: [
        ("Код", True, "Ваш постоянный идентификатор учителя, например табельный номер"),
        ("Фамилия", True, "Как в паспорте"),
        ("Имя", True, "Как в паспорте"),
        ("Отчество", False, "Если есть"),
        ("Телефон", True, "Мобильный: станет логином; пароль учитель задаст сам по коду из SMS"),
        ("Эл. почта", False, "Рабочий адрес"),
        ("СНИЛС", False, "123-456-789 01; помогает узнать уже зарегистрированного человека"),
        ("Дата рождения", False, "ДД.ММ.ГГГГ"),
        (STATUS, False, "Пусто — работает; «удалить» — учитель уходит в архив"),
    ],
    STUDENTS: [
        ("Код", True, "Номер личного дела или другой постоянный идентификатор ученика"),
        ("Фамилия", True, "Как в свидетельстве о рождении"),
        ("Имя", True, "Как в свидетельстве о рождении"),
        ("Отчество", False, "Если есть"),
        ("Дата рождения", True, "ДД.ММ.ГГГГ"),
        ("Класс", True, "9-Б; класс из листа «Классы» или уже заведённый в школе"),
        ("СНИЛС", False, "123-456-789 01; по нему заявление родителя найдёт ученика"),
        ("Номер ученика", False, "Идентификационный номер: только цифры"),
        (STATUS, False, "Пусто — учится; «удалить» — ученик уходит в архив"),
    ],
    GUARDIANS: [
        ("Фамилия", True, "Как в паспорте"),
        ("Имя", True, "Как в паспорте"),
        ("Отчество", False, "Если есть"),
        ("Телефон", True, "Мобильный: станет логином; пароль родитель задаст сам по коду из SMS"),
        ("Дети (коды учеников)", True, "Коды из листа «Ученики» через запятую"),
        ("Эл. почта", False, "Если есть"),
        ("СНИЛС", False, "123-456-789 01"),
        ("Код", False, "Ваш идентификатор родителя; пусто — родитель узнаётся по телефону"),
        (STATUS, False, "Пусто — действует; «удалить» — связь уходит в архив"),
    ],
    LOAD: [
        ("Учитель (код)", True, "Код из листа «Учителя»"),
        ("Класс", True, "9-Б"),
        ("Предмет", True, "Алгебра"),
        ("Часов в неделю", False, "Число от 0 до 40, можно с половиной: 1,5"),
        (STATUS, False, "Пусто — ведёт; «удалить» — снять учителя с предмета в классе"),
    ],
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _rows(roster: Roster, workbook: Any, sheet: str) -> Iterator[tuple[Source, dict[str, Any]]]:
    if sheet not in workbook.sheetnames:
        return
    try:
        lines = workbook[sheet].iter_rows(values_only=True)
        header = [_text(h) for h in next(lines, ())]
        missing = [name for name, required, _ in COLUMNS[sheet] if required and name not in header]
        for name in missing:
            roster.problems.append(
                RowProblem(
                    sheet,
                    1,
                    name,
                    "missing_column",
                    Text(
                        f"На листе нет обязательного столбца «{name}»",
                        f"The sheet lacks the required column «{name}»",
                    ),
                )
            )
        if missing:
            return
        for number, values in enumerate(lines, start=2):
            row = {h: v for h, v in zip(header, values, strict=False) if h}
            if any(_text(v) for v in row.values()):
                yield Source(sheet, number), row
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise Unreadable(sheet, Text("лист повреждён", "the sheet is damaged")) from None


def _deleted(check: RowCheck, row: dict[str, Any]) -> bool:
    mark = _text(row.get(STATUS)).lower()
    if mark in ("", "действует", "активен"):
        return False
    if mark == DELETE_MARK:
        return True
    check.fail(
        STATUS, "status_unknown", "Статус — пусто или «удалить»", "Status is empty or «удалить»"
    )
    return False


def _person(
    check: RowCheck, row: dict[str, Any], kind: str, ext: str | None, today: date
) -> PersonRow | None:
    def g(name: str) -> str:
        return _text(row.get(name))

    last = check.name(g("Фамилия"), "Фамилия", "last_name")
    first = check.name(g("Имя"), "Имя", "first_name")
    middle = check.name(g("Отчество"), "Отчество", "middle_name", required=False)
    born_cell = row.get("Дата рождения")
    born_value = born_cell.date() if isinstance(born_cell, datetime) else _text(born_cell)
    born = check.birth_date(born_value, "Дата рождения", pupil=kind == "student", today=today)
    snils = check.snils(g("СНИЛС"), "СНИЛС")
    phone = check.phone(g("Телефон"), "Телефон")
    email = check.email(g("Эл. почта"), "Эл. почта")
    number = check.student_number(g("Номер ученика"), "Номер ученика")
    if ext is None or last is None or first is None or not check.ok:
        return None
    return PersonRow(check.src, kind, ext, last, first, middle, born, snils, phone, email, number)


def read(content: bytes, *, today: date) -> Roster:
    # openpyxl (~15 MB) on first use: the job worker imports every task module.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise Unreadable("книга", Text("файл XLSX повреждён", "the XLSX file is damaged")) from None
    roster = Roster(format="xlsx")
    try:
        _classes(roster, workbook)
        _people(roster, workbook, today)
        _load(roster, workbook)
    finally:
        workbook.close()
    return roster


def _classes(roster: Roster, workbook: Any) -> None:
    for src, row in _rows(roster, workbook, CLASSES):
        check = RowCheck(src)
        name = check.class_name(_text(row.get("Класс")), "Класс")
        deleted = _deleted(check, row)
        year_text = _text(row.get("Учебный год"))
        year = None
        if year_text:
            head = year_text.split("/")[0].strip()
            if head.isdigit() and 2000 <= int(head) <= 2100:
                year = int(head)
            else:
                check.fail(
                    "Учебный год",
                    "school_year_format",
                    "Учебный год записывается как 2026/2027",
                    "The year is written as 2026/2027",
                )
        if not check.ok or name is None:
            roster.reject("classes", check.problems)
            continue
        ext = _text(row.get("Код")) or f"{name[0]}-{name[1]}"
        profile = _text(row.get("Профиль"))[:200] or None
        roster.classes.append(ClassRow(src, ext, name[0], name[1], year, profile, deleted))
        teacher = _text(row.get("Классный руководитель (код учителя)"))
        if teacher:
            roster.enrollments.append(
                EnrollmentRow(
                    src, f"enrollment:{ext}:{teacher}:teacher", ext, teacher, "teacher", True
                )
            )


def _people(roster: Roster, workbook: Any, today: date) -> None:
    for sheet, kind, entity in (
        (TEACHERS, "teacher", "teachers"),
        (STUDENTS, "student", "students"),
        (GUARDIANS, "guardian", "guardians"),
    ):
        seen: set[str] = set()
        for src, row in _rows(roster, workbook, sheet):
            check = RowCheck(src)
            code = _text(row.get("Код"))
            if kind == "guardian" and not code:
                code = f"guardian:{_text(row.get('Телефон'))}"
            ext = check.external_id(code, "Код")
            if ext is not None and ext in seen:
                check.fail(
                    "Код",
                    "duplicate_id",
                    f"Код «{ext}» уже встречался выше на этом листе",
                    f"The code «{ext}» already appears above on this sheet",
                )
            deleted = _deleted(check, row)
            class_ref = (
                check.required(_text(row.get("Класс")), "Класс") if kind == "student" else None
            )
            person = _person(check, row, kind, ext, today)
            if person is None or not check.ok or ext is None:
                roster.reject(entity, check.problems)
                continue
            seen.add(ext)
            person.deleted = deleted
            if kind == "guardian":
                person.relatives = [
                    c.strip()
                    for c in _text(row.get("Дети (коды учеников)")).split(",")
                    if c.strip()
                ]
            roster.people.append(person)
            if class_ref:
                roster.enrollments.append(
                    EnrollmentRow(
                        src,
                        f"enrollment:{class_ref}:{ext}:student",
                        class_ref,
                        ext,
                        "student",
                        False,
                        deleted,
                    )
                )


def _load(roster: Roster, workbook: Any) -> None:
    sections: set[str] = set()
    for src, row in _rows(roster, workbook, LOAD):
        check = RowCheck(src)
        teacher = check.required(_text(row.get("Учитель (код)")), "Учитель (код)")
        name = check.class_name(_text(row.get("Класс")), "Класс")
        subject = check.required(_text(row.get("Предмет")), "Предмет")
        hours = check.hours(row.get("Часов в неделю"), "Часов в неделю")
        deleted = _deleted(check, row)
        if not check.ok or teacher is None or name is None or subject is None:
            roster.reject("teaching_assignments", check.problems)
            continue
        class_name = f"{name[0]}-{name[1]}"
        section = f"class:{class_name}:{subject[:100]}"
        if section not in sections:
            sections.add(section)
            roster.sections.append(SectionRow(src, section, class_name, subject[:100]))
        roster.enrollments.append(
            EnrollmentRow(
                src,
                f"enrollment:{section}:{teacher}:teacher",
                section,
                teacher,
                "teacher",
                False,
                deleted,
                hours,
            )
        )

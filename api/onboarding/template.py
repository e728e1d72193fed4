"""The downloadable XLSX template: Russian sheets and columns, a note on every column (a
cell comment on its header) and one example row per sheet that imports as it stands."""

from __future__ import annotations

import io
from functools import cache

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from api.onboarding.xlsx import CLASSES, COLUMNS, GUARDIANS, LOAD, STUDENTS, TEACHERS

EXAMPLES: dict[str, dict[str, str]] = {
    CLASSES: {
        "Класс": "9-Б",
        "Учебный год": "2026/2027",
        "Профиль": "физико-математический",
        "Классный руководитель (код учителя)": "У-001",
    },
    TEACHERS: {
        "Код": "У-001",
        "Фамилия": "Соколова",
        "Имя": "Анна",
        "Отчество": "Ивановна",
        "Телефон": "+7 999 000-00-01",
        "Эл. почта": "sokolova@school.example",
        "Дата рождения": "12.04.1984",
    },
    STUDENTS: {
        "Код": "Л-0001",
        "Фамилия": "Иванов",
        "Имя": "Пётр",
        "Отчество": "Сергеевич",
        "Дата рождения": "01.09.2011",
        "Класс": "9-Б",
        "СНИЛС": "112-233-445 95",
    },
    GUARDIANS: {
        "Фамилия": "Иванова",
        "Имя": "Мария",
        "Отчество": "Петровна",
        "Телефон": "+7 999 000-00-02",
        "Дети (коды учеников)": "Л-0001",
    },
    LOAD: {"Учитель (код)": "У-001", "Класс": "9-Б", "Предмет": "Алгебра", "Часов в неделю": "4"},
}

_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


@cache
def build() -> bytes:
    """The same for every school and every request: built once per process (openpyxl
    takes ≈ 20 ms of CPU to lay out and zip the workbook; the route then only sends it)."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet, columns in COLUMNS.items():
        ws = workbook.create_sheet(sheet)
        for index, (name, required, note) in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index, value=f"{name}")
            cell.font = Font(bold=True)
            if required:
                cell.fill = _REQUIRED_FILL
            text = ("Обязательный столбец. " if required else "Необязательный столбец. ") + note
            cell.comment = Comment(text, "edudiary", width=300, height=80)
            ws.cell(row=2, column=index, value=EXAMPLES[sheet].get(name, ""))
            ws.column_dimensions[cell.column_letter].width = max(14, len(name) + 4)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""A ``Document`` as XLSX: openpyxl's write-only mode, so rows stream to the file and
memory stays flat however many there are. Numbers are numbers, dates are dates (with a
date format), the header row is frozen; the title lines sit above it."""

from __future__ import annotations

from datetime import date
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from api.reports.files.document import Cell, Column, Document, Sheet, Soft

FORMATS = {"number": "0.00", "percent": "0.0", "date": "DD.MM.YYYY", "int": "0"}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
SOFT = Font(italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")
WRAP = Alignment(wrap_text=True, vertical="top")
CHARS_PER_WIDTH = 14


def _cell(ws: WriteOnlyWorksheet, value: str | float | date | None, **style: object) -> XlsxCell:
    cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]  # date: openpyxl writes it
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _value(ws: WriteOnlyWorksheet, value: Cell, column: Column) -> XlsxCell:
    cell = _cell(ws, value.value, font=SOFT) if isinstance(value, Soft) else _cell(ws, value)
    if isinstance(cell.value, (int, float, date)) and column.kind in FORMATS:
        cell.number_format = FORMATS[column.kind]
        if column.kind == "number":
            cell.number_format = "0." + "0" * column.digits if column.digits else "0"
    return cell


def _sheet(workbook: Workbook, document: Document, sheet: Sheet, first: bool) -> None:
    ws = workbook.create_sheet(sheet.title[:31])
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(
            6, round(column.width * CHARS_PER_WIDTH)
        )
    lead = [document.title, *document.lines]
    if first:
        lead += document.notes
    # Frozen under the header: the title lines and the header stay in view.
    ws.freeze_panes = f"A{len(lead) + 2}"
    ws.append([_cell(ws, document.title, font=TITLE)])
    for line in lead[1:]:
        ws.append([line])
    ws.append([])
    ws.append(
        [_cell(ws, c.title, font=BOLD, fill=HEADER_FILL, alignment=WRAP) for c in sheet.columns]
    )
    for row in sheet.rows:
        ws.append([_value(ws, v, c) for v, c in zip(row, sheet.columns, strict=True)])
    if sheet.notes:
        ws.append([])
        for note in sheet.notes:
            ws.append([note])


def write(document: Document, out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    workbook.properties.title = document.title
    workbook.properties.creator = "Электронный дневник"
    for index, sheet in enumerate(document.sheets):
        _sheet(workbook, document, sheet, index == 0)
    workbook.save(out)

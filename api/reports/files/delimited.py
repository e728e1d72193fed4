"""A ``Document``'s main table as CSV, written row by row. The Russian spreadsheet
convention, so it opens as is in Excel and LibreOffice with a Russian locale: UTF-8 with
a BOM, «;» between fields, a decimal comma; dates as ISO 8601 (YYYY-MM-DD)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import IO

from api.reports.files.document import Cell, Document, Soft


def text(value: Cell) -> str:
    if isinstance(value, Soft):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write(document: Document, out: IO[bytes]) -> None:
    sheet = document.sheets[document.csv_sheet]
    stream = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.title for c in sheet.columns])
        for row in sheet.rows:
            writer.writerow([text(v) for v in row])
        stream.flush()
    finally:
        stream.detach()  # the caller owns ``out``

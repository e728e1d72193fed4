"""What every file of a report is made of: a title, a few lines about whose report and
which period, and tables. Formats differ only in how they write this, so a number is a
number and a date a date in each, and a new format or report touches one place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ColumnKind = Literal["text", "int", "number", "percent", "date"]


@dataclass(frozen=True, slots=True)
class Soft:
    """A value shown as provisional (a grade before the term grade is set): italic in
    XLSX, marked «*» in PDF, plain in CSV."""

    value: int | str


Cell = str | int | float | date | Soft | None


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: ColumnKind = "text"
    width: float = 1.0  # relative: PDF shares the page width, XLSX scales to characters
    digits: int = 2  # after the decimal comma, for "number" (percents: always 1)


@dataclass
class Sheet:
    title: str  # ≤ 31 characters (XLSX), no []:*?/\
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # shown under the table
    empty: str = "Нет данных за этот период."  # a table without rows says this instead


@dataclass
class Document:
    title: str
    lines: list[str]  # whose report, which period, when made
    sheets: list[Sheet]
    file_stem: str
    csv_sheet: int = 0  # CSV holds one table: this one
    notes: list[str] = field(default_factory=list)  # words before the tables (gaps)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(stem: str, extension: str) -> str:
    """A file name every system accepts: no path or reserved characters, ≤ 120 chars."""
    clean = _UNSAFE.sub(" ", stem.replace("/", "-"))  # «2026/2027» → «2026-2027»
    clean = re.sub(r"\s+", " ", clean).strip(" .") or "report"
    return f"{clean[:120]}.{extension}"

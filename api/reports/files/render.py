"""A ``Document`` to the bytes of one format."""

from __future__ import annotations

import io
from pathlib import Path

from api.reports.files import delimited
from api.reports.files.document import Document, file_name

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",  # personal data copies (api.privacy), written as they are
}


def render(document: Document, file_format: str, *, fonts: Path) -> tuple[str, bytes]:
    """(file name, content). CPU-bound: the job runs it in a thread."""
    out = io.BytesIO()
    # The writers' libraries are imported on first use: fpdf2 costs a process ~40 MB and
    # openpyxl ~15 MB, and the job worker (every task module imported) must stay within
    # its 200 MB while it lays out a 1,500-pupil PDF (bench/README.md, report files).
    if file_format == "xlsx":
        from api.reports.files import xlsx

        xlsx.write(document, out)
    elif file_format == "csv":
        delimited.write(document, out)
    elif file_format == "pdf":
        from api.reports.files import pdf

        pdf.write(document, out, fonts=fonts)
    else:  # the schema admits only the three
        raise ValueError(f"unknown format {file_format!r}")
    return file_name(document.file_stem, file_format), out.getvalue()

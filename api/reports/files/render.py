"""A ``Document`` to the bytes of one format."""

from __future__ import annotations

import io
from pathlib import Path

from api.reports.files import delimited, pdf, xlsx
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
    if file_format == "xlsx":
        xlsx.write(document, out)
    elif file_format == "csv":
        delimited.write(document, out)
    elif file_format == "pdf":
        pdf.write(document, out, fonts=fonts)
    else:  # the schema admits only the three
        raise ValueError(f"unknown format {file_format!r}")
    return file_name(document.file_stem, file_format), out.getvalue()

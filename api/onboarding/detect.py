"""Which format an upload is, from its bytes (never from its name or declared type)."""

from __future__ import annotations

import io
import zipfile

from api.i18n import Text
from api.onboarding.models import ImportFormat
from api.onboarding.unreadable import Unreadable, wrong_format

MAX_SIZE = 20 * 1024 * 1024


def detect(content: bytes) -> ImportFormat:
    if not content.startswith(b"PK\x03\x04"):
        raise wrong_format()
    try:
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable(
            "архив", Text("архив повреждён или обрезан", "the archive is damaged or cut short")
        ).as_error() from None
    if "xl/workbook.xml" in names:
        return ImportFormat.xlsx
    if any(name.rsplit("/", 1)[-1] == "manifest.csv" for name in names):
        return ImportFormat.oneroster_csv
    if any(name.endswith(".csv") for name in names):
        raise Unreadable(
            "manifest.csv", Text("его нет в архиве OneRoster", "it is not in the archive")
        ).as_error()
    raise wrong_format()

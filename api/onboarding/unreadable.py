"""A file that cannot be read at all: the wrong type (415) or a broken part (422)."""

from __future__ import annotations

from api.errors import FieldError, UnsupportedMediaType, ValidationFailed
from api.i18n import Text


def wrong_format() -> UnsupportedMediaType:
    text = Text(
        "Загрузите архив OneRoster (.zip с CSV-файлами) или шаблон школы (.xlsx)",
        "Upload a OneRoster archive (.zip of CSV files) or the school template (.xlsx)",
    )
    return UnsupportedMediaType(
        code="import_format", detail=text, errors=[FieldError("file", "import_format", text)]
    )


class Unreadable(Exception):
    """A part of the file (``manifest.csv``, the sheet «Ученики») cannot be read."""

    def __init__(self, part: str, reason: Text) -> None:
        super().__init__(part)
        self.part = part
        self.reason = reason

    @property
    def message(self) -> Text:
        return Text(
            f"Не удалось прочитать «{self.part}»: {self.reason.ru}",
            f"Could not read «{self.part}»: {self.reason.en}",
        )

    def as_error(self) -> ValidationFailed:
        return ValidationFailed(
            code="import_unreadable",
            detail=self.message,
            errors=[FieldError(self.part, "import_unreadable", self.message)],
        )

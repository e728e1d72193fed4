"""Free text the API accepts: one rule for control characters, shared by every schema.

PostgreSQL ``text`` cannot hold NUL (the insert fails), a lone surrogate cannot be encoded
as UTF-8 at all, and no other control character belongs in a name, a topic or a comment:
they only ever arrive from fuzzers, broken clients and attacks on whoever displays them.

* ``SingleLineText`` — names, titles, topics, codes typed by people: no control
  characters at all.
* ``MultiLineText`` — comments, homework, reasons: line breaks and tabs allowed.

Both are ``str`` for the type checker. With limits, put the constraints first and the
rule after them (pydantic applies constraints placed after a validator differently)::

    topic: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), OneLine]

The refusal is a field error with code ``control_characters`` and a Russian message, like
every other validation error (``api.errors.field_errors_from_pydantic``).
``api.input_guard`` applies the multi-line rule to every JSON string and query parameter
as a backstop, so a field that lacks the type still never reaches the database with NUL.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

# C0 controls, DEL, C1 controls, and UTF-16 surrogates (which have no UTF-8 form).
_FORBIDDEN_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# The same, less tab, line feed and carriage return.
_FORBIDDEN_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

CODE = "control_characters"
MESSAGE_RU = "Текст содержит недопустимые управляющие символы (например, нулевой байт)"
MESSAGE_EN = "The text contains forbidden control characters (such as a NUL byte)"
LINE_MESSAGE_RU = "Значение должно быть одной строкой без управляющих символов"
LINE_MESSAGE_EN = "The value must be a single line without control characters"


def has_forbidden_characters(value: str, *, multiline: bool = True) -> bool:
    pattern = _FORBIDDEN_IN_TEXT if multiline else _FORBIDDEN_IN_LINE
    return pattern.search(value) is not None


def _single_line(value: str) -> str:
    if _FORBIDDEN_IN_LINE.search(value):
        raise PydanticCustomError(CODE, LINE_MESSAGE_EN, {"ru": LINE_MESSAGE_RU})
    return value


def _multi_line(value: str) -> str:
    if _FORBIDDEN_IN_TEXT.search(value):
        raise PydanticCustomError(CODE, MESSAGE_EN, {"ru": MESSAGE_RU})
    return value


OneLine = AfterValidator(_single_line)
Lines = AfterValidator(_multi_line)
SingleLineText = Annotated[str, OneLine]
MultiLineText = Annotated[str, Lines]

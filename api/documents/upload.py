"""Reading a multipart upload as it streams in, never more than the limit.

Starlette's form parser would spool the whole request (of any size) to a temporary file
before the endpoint runs. Here the request body is fed chunk by chunk to python-multipart's
streaming parser: a ``Content-Length`` above the limit is refused before reading, and
reading stops at the first byte past it, so at most 5 MB + 1 byte of a file is ever held.
The client's file name and part ``Content-Type`` are ignored: the type comes from the
content itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from api.errors import (
    AppError,
    FieldError,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
)
from api.i18n import Text

MAX_FILE_SIZE = 5 * 1024 * 1024
# Part headers, boundaries and the small text fields around the file.
MAX_OVERHEAD = 64 * 1024
MAX_BODY_SIZE = MAX_FILE_SIZE + MAX_OVERHEAD
MAX_PARTS = 8
MAX_FIELD_SIZE = 256


@dataclass
class Upload:
    fields: dict[str, str]
    file: bytes | None
    # The name the client gave the file: only for those who show it (attachments).
    file_name: str | None = None


@dataclass
class _State:
    fields: dict[str, bytearray] = field(default_factory=dict)
    file: bytearray | None = None
    parts: int = 0
    header_name: bytearray = field(default_factory=bytearray)
    header_value: bytearray = field(default_factory=bytearray)
    disposition: bytes = b""
    target: bytearray | None = None
    target_is_file: bool = False
    target_name: str = ""
    ended: bool = False
    file_name: bytes | None = None
    max_file_size: int = MAX_FILE_SIZE
    too_large: Callable[[], AppError] = field(default=lambda: too_large())


def too_large() -> PayloadTooLarge:
    text = Text(
        "Файл больше 5 МБ: уменьшите размер скана (например, сохраните в JPEG) и загрузите снова",
        "The file is larger than 5 MB: make the scan smaller (e.g. save it as JPEG) and retry",
    )
    return PayloadTooLarge(
        code="document_too_large",
        detail=text,
        errors=[FieldError("file", "document_too_large", text)],
    )


def _malformed() -> ValidationFailed:
    return ValidationFailed(
        code="upload_malformed",
        detail=Text(
            "Не удалось прочитать загрузку: отправьте multipart/form-data с полями kind и file",
            "Could not read the upload: send multipart/form-data with the fields kind and file",
        ),
    )


def _field_too_long(name: str) -> ValidationFailed:
    text = Text("Слишком длинное значение", "The value is too long")
    return ValidationFailed(
        code="validation_failed",
        detail=Text(f"Поле {name} заполнено неверно", f"The field {name} is invalid"),
        errors=[FieldError(name, "string_too_long", text)],
    )


def _callbacks(state: _State) -> dict[str, object]:
    def on_part_begin() -> None:
        state.parts += 1
        if state.parts > MAX_PARTS:
            raise _malformed()
        state.disposition = b""
        state.target = None

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state.header_name += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state.header_value += data[start:end]

    def on_header_end() -> None:
        if bytes(state.header_name).strip().lower() == b"content-disposition":
            state.disposition = bytes(state.header_value)
        state.header_name.clear()
        state.header_value.clear()

    def on_headers_finished() -> None:
        kind, options = parse_options_header(state.disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if kind != b"form-data" or not name:
            raise _malformed()
        state.target_name = name
        state.target_is_file = name == "file"
        if state.target_is_file:
            if state.file is not None:  # one file per upload
                raise _malformed()
            state.file = state.target = bytearray()
            state.file_name = options.get(b"filename")
        elif name not in state.fields:
            state.fields[name] = state.target = bytearray()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state.target is None:
            return  # a repeated text field: the first value counts
        state.target += data[start:end]
        limit = state.max_file_size if state.target_is_file else MAX_FIELD_SIZE
        if len(state.target) > limit:
            if state.target_is_file:
                raise state.too_large()
            raise _field_too_long(state.target_name)

    def on_end() -> None:
        state.ended = True

    return {
        "on_part_begin": on_part_begin,
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished,
        "on_part_data": on_part_data,
        "on_end": on_end,
    }


def _boundary(request: Request) -> bytes:
    media_type, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary", b"")
    if media_type != b"multipart/form-data" or not boundary or len(boundary) > 200:
        raise UnsupportedMediaType(
            code="multipart_required",
            detail=Text(
                "Загрузите файл формой multipart/form-data с полями kind и file",
                "Upload the file as multipart/form-data with the fields kind and file",
            ),
        )
    return boundary


def _check_declared_length(request: Request, state: _State) -> None:
    declared = request.headers.get("content-length")
    limit = state.max_file_size + MAX_OVERHEAD
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise state.too_large()


async def read_upload(
    request: Request,
    *,
    max_file_size: int = MAX_FILE_SIZE,
    too_large_error: Callable[[], AppError] = too_large,
) -> Upload:
    """The text fields and the file of a multipart request, within the limits (a file of
    at most ``max_file_size`` bytes; ``too_large_error`` says so otherwise)."""
    state = _State(max_file_size=max_file_size, too_large=too_large_error)
    _check_declared_length(request, state)
    boundary = _boundary(request)
    parser = MultipartParser(boundary, _callbacks(state))  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_file_size + MAX_OVERHEAD:
                raise too_large_error()
            parser.write(chunk)
            if state.ended:
                break
        parser.finalize()
    except FormParserError:
        raise _malformed() from None
    if not state.ended:
        raise _malformed()
    fields = {}
    for name, value in state.fields.items():
        try:
            fields[name] = bytes(value).decode("utf-8").strip()
        except UnicodeDecodeError:
            raise _malformed() from None
    file_name = state.file_name.decode("utf-8", "replace") if state.file_name is not None else None
    return Upload(
        fields=fields,
        file=bytes(state.file) if state.file is not None else None,
        file_name=file_name,
    )

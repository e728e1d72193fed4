"""Every error leaves the API as RFC 9457 problem+json with a stable ``code``.

Services raise ``AppError`` subclasses; the handlers below render them (and framework
errors: unknown route, wrong method, invalid input, crashes) in the client's language.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import database_errors
from api.i18n import Text, current_lang, negotiate
from api.logs import request_id_var
from api.spa import spa_response

logger = logging.getLogger("edudiary.errors")

_T = TypeVar("_T")

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldProblem(BaseModel):
    field: str = Field(description="Путь к полю: `phone`, `children.0.snils`")
    code: str = Field(description="Стабильный машинный код ошибки")
    message: str = Field(description="Сообщение для человека (ru по умолчанию, en по запросу)")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    request_id: str | None = None
    errors: list[FieldProblem] = Field(default_factory=list)


@dataclass(slots=True)
class FieldError:
    field: str
    code: str
    message: Text


@dataclass
class AppError(Exception):
    """Base of every expected failure. Subclasses fix status and default texts."""

    code: str = "error"
    detail: Text | None = None
    errors: Sequence[FieldError] = field(default_factory=tuple)
    headers: dict[str, str] | None = None

    status: ClassVar[int] = 400
    title: ClassVar[Text] = Text("Некорректный запрос", "Bad request")

    def __post_init__(self) -> None:
        super().__init__(self.code)


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    status = 401
    title = Text("Требуется вход", "Authentication required")


class Forbidden(AppError):
    status = 403
    title = Text("Недостаточно прав", "Forbidden")


class NotFound(AppError):
    status = 404
    title = Text("Не найдено", "Not found")


class Conflict(AppError):
    status = 409
    title = Text("Конфликт", "Conflict")


class PayloadTooLarge(AppError):
    status = 413
    title = Text("Слишком большой файл", "Payload too large")


class UnsupportedMediaType(AppError):
    status = 415
    title = Text("Неподдерживаемый формат", "Unsupported media type")


class ValidationFailed(AppError):
    status = 422
    title = Text("Проверьте введённые данные", "Please check the data you entered")


class Locked(AppError):
    status = 423
    title = Text("Учётная запись заблокирована", "Account locked")


class TooManyRequests(AppError):
    status = 429
    title = Text("Слишком много запросов", "Too many requests")


def problem_response(
    *,
    status: int,
    code: str,
    title: Text,
    detail: Text | None,
    errors: Sequence[FieldError] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    lang = current_lang.get()
    body = Problem(
        type=f"urn:edudiary:problem:{code}",
        title=title.render(lang),
        status=status,
        detail=(detail or title).render(lang),
        code=code,
        request_id=request_id_var.get(),
        errors=[
            FieldProblem(field=e.field, code=e.code, message=e.message.render(lang)) for e in errors
        ],
    )
    return JSONResponse(
        body.model_dump(), status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE
    )


# Pydantic's built-in error types in Russian; our own validators carry Russian in ctx["ru"].
_PYDANTIC_RU: dict[str, str] = {
    "missing": "Обязательное поле",
    "string_type": "Ожидается строка",
    "string_too_short": "Слишком короткое значение",
    "string_too_long": "Слишком длинное значение",
    "string_pattern_mismatch": "Значение в неверном формате",
    "int_parsing": "Ожидается целое число",
    "int_type": "Ожидается целое число",
    "float_parsing": "Ожидается число",
    "bool_parsing": "Ожидается да или нет",
    "bool_type": "Ожидается да или нет",
    "uuid_parsing": "Некорректный идентификатор",
    "uuid_type": "Некорректный идентификатор",
    "date_parsing": "Некорректная дата",
    "date_from_datetime_parsing": "Некорректная дата",
    "datetime_parsing": "Некорректные дата и время",
    "datetime_from_date_parsing": "Некорректные дата и время",
    "enum": "Недопустимое значение",
    "literal_error": "Недопустимое значение",
    "greater_than_equal": "Значение слишком мало",
    "less_than_equal": "Значение слишком велико",
    "greater_than": "Значение слишком мало",
    "less_than": "Значение слишком велико",
    "json_invalid": "Некорректный JSON",
    "model_attributes_type": "Ожидается объект",
    "dict_type": "Ожидается объект",
    "list_type": "Ожидается список",
    "too_short": "Слишком мало элементов",
    "too_long": "Слишком много элементов",
    "value_error": "Недопустимое значение",
    "extra_forbidden": "Лишнее поле",
    "value_not_email": "Некорректный адрес электронной почты",
}

_LOCATIONS = {"body", "query", "path", "header", "cookie"}


def _field_path(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    return ".".join(parts) or "body"


def field_errors_from_pydantic(errors: Sequence[Any]) -> list[FieldError]:
    result: list[FieldError] = []
    for err in errors:
        code = str(err.get("type", "invalid"))
        ctx = err.get("ctx") or {}
        english = str(err.get("msg", "Invalid value"))
        russian = str(ctx.get("ru") or _PYDANTIC_RU.get(code, "Недопустимое значение"))
        result.append(FieldError(_field_path(err.get("loc", ())), code, Text(russian, english)))
    return result


def problem_for(exc: AppError) -> JSONResponse:
    return problem_response(
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        errors=exc.errors,
        headers=exc.headers,
    )


async def committing(call: Awaitable[_T]) -> _T | JSONResponse:
    """Await ``call``; an AppError becomes a *returned* problem response.

    For refusals that must leave a trace (a wrong code spends a try, a wrong password
    counts towards the lock-out): a raised error rolls the request's transaction back,
    a returned response lets it commit as usual.
    """
    try:
        return await call
    except AppError as exc:
        return problem_for(exc)


ErrorDialect = Callable[[int, str, str, dict[str, str]], Response]
"""How a family of paths renders a failure instead of problem+json (``/ims/*`` answers
1EdTech imsx bodies): ``(status, code, detail, headers) -> Response``. Registered by the
feature that owns the paths in ``app.state.error_dialects`` (prefix → dialect)."""

_PASSED_HEADERS = ("retry-after", "www-authenticate")


def _spoken(request: Request, response: Response) -> Response:
    dialects: dict[str, ErrorDialect] = getattr(request.app.state, "error_dialects", {})
    path = request.url.path
    for prefix, dialect in dialects.items():
        if path.startswith(prefix) and response.media_type == PROBLEM_MEDIA_TYPE:
            problem = json.loads(bytes(response.body))
            headers = {k: v for k, v in response.headers.items() if k in _PASSED_HEADERS}
            return dialect(response.status_code, problem["code"], problem["detail"], headers)
    return response


async def _app_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AppError)
    return _spoken(request, problem_for(exc))


async def _validation_error(request: Request, exc: Exception) -> Response:
    return _spoken(request, _validation_problem(exc))


def _validation_problem(exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = field_errors_from_pydantic(exc.errors())
    return problem_response(
        status=422,
        code="validation_failed",
        title=ValidationFailed.title,
        # Field paths are for machines (errors[].field); people read each field's message.
        detail=Text(
            "Некоторые поля заполнены неверно: исправьте отмеченные поля",
            "Some fields are invalid: please correct the marked fields",
        ),
        errors=errors,
    )


_HTTP_CODES: dict[int, tuple[str, Text, Text]] = {
    404: ("not_found", NotFound.title, Text("Такой страницы или ресурса нет", "No such resource")),
    405: (
        "method_not_allowed",
        Text("Метод не поддерживается", "Method not allowed"),
        Text("Этот адрес не принимает такой метод запроса", "This URL does not accept the method"),
    ),
    401: ("unauthorized", Unauthorized.title, Unauthorized.title),
    413: ("payload_too_large", PayloadTooLarge.title, PayloadTooLarge.title),
}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404 and (page := spa_response(request)) is not None:
        return page
    return _spoken(request, _http_problem(exc))


def _http_problem(exc: StarletteHTTPException) -> JSONResponse:
    code, title, detail = _HTTP_CODES.get(
        exc.status_code,
        (
            "http_error",
            Text("Ошибка запроса", "Request error"),
            Text(str(exc.detail), str(exc.detail)),
        ),
    )
    return problem_response(
        status=exc.status_code,
        code=code,
        title=title,
        detail=detail,
        headers=dict(exc.headers) if exc.headers else None,
    )


def _database_unavailable() -> JSONResponse:
    return problem_response(
        status=503,
        code="service_unavailable",
        title=Text("Сервис временно недоступен", "Service temporarily unavailable"),
        detail=Text(
            "Сервис временно недоступен. Повторите попытку через несколько секунд.",
            "The service is temporarily unavailable. Try again in a few seconds.",
        ),
        headers={"Retry-After": str(database_errors.RETRY_AFTER_SECONDS)},
    )


def _contention() -> JSONResponse:
    return problem_response(
        status=503,
        code="transaction_conflict",
        title=Text("Сервис временно занят", "Service temporarily busy"),
        detail=Text(
            "Запрос столкнулся с другим одновременным изменением. Повторите его через секунду.",
            "The request ran into another change made at the same moment. Repeat it in a second.",
        ),
        headers={"Retry-After": str(database_errors.CONTENTION_RETRY_AFTER_SECONDS)},
    )


def _bad_character() -> JSONResponse:
    message = Text(
        "Текст содержит недопустимые управляющие символы",
        "The text contains forbidden control characters",
    )
    return problem_response(
        status=422,
        code="validation_failed",
        title=ValidationFailed.title,
        detail=message,
        errors=[FieldError("body", "control_characters", message)],
    )


async def _unexpected(request: Request, exc: Exception) -> Response:
    return _spoken(request, _unexpected_problem(request, exc))


def _unexpected_problem(request: Request, exc: Exception) -> JSONResponse:
    kind = database_errors.classify(exc)
    if kind == "unavailable":
        logger.warning("database unavailable", extra={"path": request.url.path})
        return _database_unavailable()
    if kind == "contention":
        logger.warning(
            "transaction conflict",
            extra={"path": request.url.path, "sqlstate": database_errors.sqlstate(exc)},
        )
        return _contention()
    if kind == "bad_character":
        return _bad_character()
    if kind == "fault":
        database_errors.log_fault(exc, request.url.path)
    else:
        # The traceback goes to the log (with the request id), never to the client.
        logger.exception("unhandled error", extra={"path": request.url.path})
    return problem_response(
        status=500,
        code="internal_error",
        title=Text("Внутренняя ошибка сервиса", "Internal server error"),
        detail=Text(
            "Что-то пошло не так. Повторите попытку через несколько минут; если ошибка "
            "повторится, обратитесь в поддержку и укажите номер запроса.",
            "Something went wrong. Try again in a few minutes; if it persists, contact "
            "support and quote the request id.",
        ),
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    # Database failures inside routes are answered here (not re-raised to the server, which
    # would log their text); the same logic serves failures in middleware via Exception.
    for error_type in database_errors.HANDLED:
        app.add_exception_handler(error_type, _unexpected)
    app.add_exception_handler(Exception, _unexpected)


_STATUS_TEXT = {
    400: "Некорректный запрос",
    401: "Требуется вход",
    403: "Недостаточно прав",
    404: "Не найдено",
    409: "Конфликт",
    413: "Слишком большой файл",
    415: "Неподдерживаемый формат",
    422: "Ошибка в данных запроса",
    423: "Учётная запись заблокирована",
    429: "Слишком много запросов",
    500: "Внутренняя ошибка",
    503: "Сервис временно недоступен",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entry declaring problem+json for the given statuses."""
    return {
        status: {"model": Problem, "description": _STATUS_TEXT.get(status, "Ошибка")}
        for status in statuses
    }


def install_problem_schema(app: FastAPI) -> None:
    """Publish errors as they are sent: problem+json, FastAPI's 422 model replaced by ours."""
    problem_ref = "#/components/schemas/Problem"
    framework_refs = {problem_ref, "#/components/schemas/HTTPValidationError"}

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        for operation in (op for path in schema.get("paths", {}).values() for op in path.values()):
            for status, response in operation.get("responses", {}).items():
                body = response.get("content", {}).get("application/json", {})
                if body.get("schema", {}).get("$ref") in framework_refs:
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": problem_ref}}}
                    if status == "422":
                        response["description"] = _STATUS_TEXT[422]
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem_schema.pop("$defs", {}))
        components["Problem"] = problem_schema
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def lang_from_request(request: Request) -> None:
    current_lang.set(negotiate(request.headers.get("accept-language")))

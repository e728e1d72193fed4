"""OneRoster's failures (contract §4.2): the 1EdTech imsx body instead of problem+json.

Every refusal under ``/ims/`` — ours, the identity layer's (401, 403 ``insufficient_scope``),
the framework's (unknown route, invalid query) and crashes — is rendered here through the
core's error dialect hook (``api.errors.ErrorDialect``), so there is one way to fail.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse, Response

from api.errors import AppError, BadRequest, Forbidden, NotFound, ValidationFailed
from api.i18n import Text

PREFIX = "/ims/"

_MINOR_BY_STATUS = {
    400: "invalid_data",
    401: "unauthorisedrequest",
    403: "forbidden",
    404: "unknownobject",
    405: "invalid_data",
    409: "invaliddata",
    413: "invaliddata",
    415: "invaliddata",
    422: "invaliddata",
    429: "server_busy",
}
# Codes that travel as they are (the binding's own minor codes).
_OWN = frozenset({"invalid_filter_field", "invalid_selection_field", "invalid_sort_field"})


def minor_code(status: int, code: str) -> str:
    if code in _OWN:
        return code
    return _MINOR_BY_STATUS.get(status, "internal_server_error")


def imsx_body(status: int, code: str, description: str) -> dict[str, object]:
    return {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_CodeMinor": {
            "imsx_codeMinorField": [
                {
                    "imsx_codeMinorFieldName": "TargetEndSystem",
                    "imsx_codeMinorFieldValue": minor_code(status, code),
                }
            ]
        },
    }


def render(status: int, code: str, detail: str, headers: dict[str, str]) -> Response:
    return JSONResponse(imsx_body(status, code, detail), status_code=status, headers=headers)


def invalid_filter(why_ru: str, why_en: str) -> AppError:
    return BadRequest(
        code="invalid_filter_field",
        detail=Text(f"Недопустимый фильтр: {why_ru}", f"Invalid filter: {why_en}"),
    )


def invalid_selection(field: str) -> AppError:
    return BadRequest(
        code="invalid_selection_field",
        detail=Text(f"Неизвестное поле в fields: {field}", f"Unknown field in fields: {field}"),
    )


def invalid_sort(field: str) -> AppError:
    return BadRequest(
        code="invalid_sort_field",
        detail=Text(f"По полю {field} нельзя сортировать", f"Cannot sort by {field}"),
    )


def unknown_object() -> AppError:
    return NotFound(
        code="unknownobject",
        detail=Text("Такого объекта нет", "No such object"),
    )


def forbidden(why: Text) -> AppError:
    return Forbidden(code="forbidden", detail=why)


def invalid_data(why: Text) -> AppError:
    return ValidationFailed(code="invaliddata", detail=why)

"""School onboarding (ONBOARDING.md): upload a roster, check it, apply it; export it."""

from __future__ import annotations

import json
import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile

from api.db import SessionDep
from api.errors import FieldError, PayloadTooLarge, problem_responses
from api.i18n import Text
from api.identity.deps import HotRead, SchoolAdminUser
from api.onboarding import export, export_statement, service, template
from api.onboarding.detect import MAX_SIZE
from api.onboarding.models import ImportMode
from api.onboarding.schemas import ApplyIn, ImportErrorOut, ImportErrorPage, ImportOut
from api.pagination import Limit, Offset

router = APIRouter(tags=["onboarding"])

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _too_large() -> PayloadTooLarge:
    text = Text("Файл больше 20 МБ: разделите его на части", "The file is over 20 MB: split it")
    return PayloadTooLarge(
        code="import_too_large", detail=text, errors=[FieldError("file", "import_too_large", text)]
    )


@router.post(
    "/schools/{school_id}/imports",
    name="create_import",
    status_code=202,
    summary="Загрузить список школы (OneRoster CSV в .zip или шаблон .xlsx): проверка или запись",
    response_model=ImportOut,
    responses=problem_responses(401, 403, 404, 413, 415, 422),
)
async def create_import(
    school_id: uuid.UUID,
    admin: SchoolAdminUser,
    session: SessionDep,
    file: Annotated[UploadFile, File(description="Архив OneRoster 1.2 CSV (.zip) или .xlsx")],
    mode: Annotated[ImportMode, Form()] = ImportMode.preview,
) -> ImportOut:
    if admin.school_id != school_id:
        raise service.not_found_school()
    content = await file.read(MAX_SIZE + 1)
    if len(content) > MAX_SIZE:
        raise _too_large()
    row = await service.create(session, admin, school_id, content, mode)
    return service.out(row)


@router.get(
    "/imports/template.xlsx",
    name="import_template",
    summary="Шаблон XLSX для загрузки списка школы: листы, столбцы, пример и пояснения",
    response_class=Response,
    responses={200: {"content": {XLSX_TYPE: {}}}, **problem_responses(401, 403)},
)
async def import_template(admin: SchoolAdminUser) -> Response:
    return Response(
        template.build(),
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": 'attachment; filename="edudiary-shablon-shkoly.xlsx"'},
    )


@router.get(
    "/imports/{import_id}",
    name="get_import",
    summary="Загрузка списка: состояние, ход и итог по сущностям",
    response_model=ImportOut,
    responses=problem_responses(401, 403, 404),
)
async def get_import(
    import_id: uuid.UUID, admin: SchoolAdminUser, session: SessionDep
) -> ImportOut:
    return service.out(await service.get(session, admin, import_id))


@router.get(
    "/imports/{import_id}/errors",
    name="import_errors",
    summary="Отклонённые строки загрузки: файл, строка, поле и причина",
    response_model=ImportErrorPage,
    responses=problem_responses(401, 403, 404, 422),
)
async def import_errors(
    import_id: uuid.UUID,
    admin: SchoolAdminUser,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ImportErrorPage:
    row = await service.get(session, admin, import_id)
    rows, total = await service.errors_page(session, row.id, limit=limit, offset=offset)
    items = [
        ImportErrorOut(
            file=e.file,
            row=e.row,
            field=e.field,
            code=e.code,
            message=Text(e.message_ru, e.message_en).render(),
        )
        for e in rows
    ]
    return ImportErrorPage(items=items, total=total, limit=limit, offset=offset)


@router.post(
    "/imports/{import_id}/apply",
    name="apply_import",
    status_code=202,
    summary="Применить проверенный файл (с ошибками — только верные строки, если skip_invalid)",
    response_model=ImportOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def apply_import(
    import_id: uuid.UUID, admin: SchoolAdminUser, session: SessionDep, body: ApplyIn | None = None
) -> ImportOut:
    row = await service.get(session, admin, import_id)
    await service.request_apply(session, row, skip_invalid=bool(body and body.skip_invalid))
    return service.out(row)


@router.get(
    "/schools/{school_id}/oneroster.zip",
    name="export_oneroster",
    summary="Выгрузить список школы в OneRoster 1.2 CSV (.zip)",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}, **problem_responses(401, 403, 404)},
)
async def export_oneroster(school_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        roster = await export_statement.read_roster(connection, hot.claims, school_id)
    if roster is None:
        raise service.not_found_school()
    # The archive is built after the connection is back in the pool.
    content = export.build(json.loads(roster))
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="oneroster.zip"'},
    )

"""Reports (REPORTS.md §2–4): the student report, class and school analytics, journal
completeness, saved reports and their comparison, exports as files."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

import asyncpg
from fastapi import APIRouter, Query, Response

from api.db import SessionDep, lag_tolerant_connection
from api.diary.grades.signoff_schemas import RecordCheckOut
from api.diary.schemas import Page
from api.diary.structure.access import student_not_found
from api.errors import problem_responses
from api.identity.deps import STAFF, CurrentUser, Hot, HotRead, SettingsDep
from api.identity.models import Role
from api.identity.statements import fetch_staff_read
from api.pagination import Limit, Offset
from api.reports import (
    access,
    analytics,
    completeness,
    exports,
    saved,
    saved_statements,
    signed_records,
    student_report,
)
from api.reports import period as periods
from api.reports.files.render import CONTENT_TYPES
from api.reports.schemas import (
    ClassAnalytics,
    Comparison,
    ExportIn,
    ExportOut,
    JournalCompleteness,
    SavedReportIn,
    SavedReportOut,
    SchoolAnalytics,
    StudentReport,
)
from api.schools.models import School
from api.statements import Compiled

router = APIRouter(tags=["reports"])

ADMIN = (Role.school_admin,)  # as SchoolAdminUser

From = Annotated[date | None, Query(alias="from", description="Начало периода")]
To = Annotated[date | None, Query(alias="to", description="Конец периода")]


@router.get(
    "/students/{student_id}/report",
    name="student_report",
    summary="Отчёт об успеваемости ученика за четверть или любой период",
    response_model=StudentReport,
    responses=problem_responses(401, 404, 422),
)
async def get_student_report(
    student_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    term_id: uuid.UUID | None = None,
    start: From = None,
    end: To = None,
) -> StudentReport:
    student = await access.report_student(session, principal, student_id)
    school = await session.get(School, student.school_id)
    assert school is not None
    period = await periods.resolve(session, school, term_id, start, end)
    return await student_report.build(session, principal, student, period)


@router.get(
    "/classes/{class_id}/analytics",
    name="class_analytics",
    summary="Аналитика класса: успеваемость, качество знаний, СОУ, средний балл по предметам",
    response_model=ClassAnalytics,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_class_analytics(
    class_id: uuid.UUID, hot: HotRead, term_id: uuid.UUID | None = None
) -> Response:
    async with hot.connect() as connection:
        gate = await _gate(
            connection, hot, access.gate_class(), STAFF, class_id=class_id, term_id=term_id
        )
        if gate is None:
            raise access.class_not_found()
        term = gate.required_term()
        async with lag_tolerant_connection(hot.state, connection) as reading:
            body = await analytics.class_json(
                reading,
                class_id=class_id,
                school_id=gate.school_id,
                term_id=term.id,
                starts_on=term.starts_on,
                ends_on=term.ends_on,
                today=gate.today,
                title=term.title,
            )
    return Response(body, media_type="application/json")


@router.get(
    "/schools/{school_id}/analytics",
    name="school_analytics",
    summary="Аналитика школы: показатели каждого класса и школы в целом",
    response_model=SchoolAnalytics,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_school_analytics(
    school_id: uuid.UUID, hot: HotRead, term_id: uuid.UUID | None = None
) -> Response:
    async with hot.connect() as connection:
        gate = await _gate(
            connection, hot, access.gate_school(), ADMIN, school_id=school_id, term_id=term_id
        )
        if gate is None:
            raise access.school_not_found()
        term = gate.required_term()
        async with lag_tolerant_connection(hot.state, connection) as reading:
            body = await analytics.school_json(
                reading,
                school_id=school_id,
                academic_year=term.academic_year,
                term_id=term.id,
                starts_on=term.starts_on,
                ends_on=term.ends_on,
                today=gate.today,
                title=term.title,
            )
    return Response(body, media_type="application/json")


@router.get(
    "/schools/{school_id}/journal-completeness",
    name="journal_completeness",
    summary="Заполненность журнала по учителям: темы, посещаемость, поздние оценки",
    response_model=JournalCompleteness,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_journal_completeness(
    school_id: uuid.UUID, hot: HotRead, start: From = None, end: To = None
) -> Response:
    async with hot.connect() as connection:
        gate = await _gate(connection, hot, access.gate_school(), ADMIN, school_id=school_id)
        if gate is None:
            raise access.school_not_found()
        if start is None and end is None:
            term = gate.required_term()
            start, end = term.starts_on, term.ends_on
        else:
            period = periods.resolve_dates(start, end)
            start, end = period.starts_on, period.ends_on
        async with lag_tolerant_connection(hot.state, connection) as reading:
            body = await completeness.completeness_json(
                reading,
                school_id=school_id,
                timezone=gate.timezone,
                starts_on=start,
                ends_on=end,
                today=gate.today,
            )
    return Response(body, media_type="application/json")


async def _gate(
    connection: asyncpg.Connection[Any],
    hot: Hot,
    compiled: Compiled,
    roles: tuple[Role, ...],
    **target: uuid.UUID | None,
) -> access.Gate | None:
    """The report's gate (``access.gate_*``) with the route's roles (403 without them) —
    what ``StaffUser``/``SchoolAdminUser`` and ``access`` decide on the ORM path; None when
    the caller may not read the target (404)."""
    row = await fetch_staff_read(connection, hot.claims, compiled, roles=roles, **target)
    return None if row["school_id"] is None else access.Gate.of(row)


@router.post(
    "/students/{student_id}/saved-reports",
    name="save_report",
    status_code=201,
    summary="Сохранить отчёт ученика (неизменяемая копия)",
    response_model=SavedReportOut,
    responses=problem_responses(401, 404, 422),
)
async def save_report(
    student_id: uuid.UUID, body: SavedReportIn, principal: CurrentUser, session: SessionDep
) -> SavedReportOut:
    student = await access.report_student(session, principal, student_id)
    return await saved.save(session, principal, student, body)


@router.get(
    "/students/{student_id}/saved-reports",
    name="saved_reports",
    summary="Сохранённые отчёты ученика, новые сначала",
    response_model=Page[SavedReportOut],
    responses=problem_responses(401, 404, 422),
)
async def list_saved_reports(
    student_id: uuid.UUID, hot: HotRead, limit: Limit = 20, offset: Offset = 0
) -> Response:
    async with hot.connect() as connection:
        body = await saved_statements.read_saved_reports(
            connection, hot.claims, student_id, limit=limit, offset=offset
        )
    if body is None:
        raise student_not_found()
    return Response(body, media_type="application/json")


@router.get(
    "/students/{student_id}/saved-reports/compare",
    name="compare_reports",
    summary="Сравнить два сохранённых отчёта: средние баллы, итоговые оценки, посещаемость",
    response_model=Comparison,
    responses=problem_responses(401, 404, 422),
)
async def compare_saved_reports(
    student_id: uuid.UUID,
    a: uuid.UUID,
    b: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
) -> Comparison:
    student = await access.report_student(session, principal, student_id)
    first = await saved.get(session, principal, student, a)
    second = await saved.get(session, principal, student, b)
    return saved.compare(first, second)


@router.post(
    "/exports",
    name="create_export",
    status_code=202,
    summary="Выгрузить отчёт файлом (PDF, XLSX, CSV): файл формируется в очереди",
    response_model=ExportOut,
    responses=problem_responses(401, 404, 422),
)
async def create_export(body: ExportIn, principal: CurrentUser, session: SessionDep) -> ExportOut:
    return exports.out(await exports.create(session, principal, body))


@router.get(
    "/exports/{export_id}",
    name="export",
    summary="Состояние выгрузки: очередь, формируется (процент), готово, ошибка",
    response_model=ExportOut,
    responses=problem_responses(401, 404, 422),
)
async def get_export(
    export_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> ExportOut:
    return exports.out(await exports.get(session, principal, export_id))


@router.get(
    "/exports/{export_id}/file",
    name="export_file",
    summary="Скачать файл выгрузки (только тот, кто её заказал, 7 дней)",
    response_class=Response,
    responses={
        200: {
            "description": "Файл отчёта",
            "content": {
                media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for media_type in CONTENT_TYPES.values()
            },
        },
        **problem_responses(401, 404, 409, 422),
    },
)
async def get_export_file(
    export_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> Response:
    row = await exports.get(session, principal, export_id)
    data = await exports.content(session, row)
    name = row.file_name or f"report.{row.format}"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return Response(
        content=data,
        media_type=row.content_type,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            ),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


# Signed records printed (their QR code) and checked by that code's link: here, not in
# api.diary, because the PDF is the reports' writer and the diary must not import reports.
@router.get(
    "/signed-records/{record_id}/pdf",
    name="signed_record_pdf",
    tags=["signed-records"],
    summary="Ведомость (семье — выписка) в PDF с QR-кодом ссылки на проверку подписи",
    response_class=Response,
    responses={
        200: {
            "description": "PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        **problem_responses(401, 404, 422, 503),
    },
)
async def record_pdf(
    record_id: uuid.UUID, principal: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    name, data = await signed_records.render(session, settings, principal, record_id)
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return Response(
        content=data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            ),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get(
    "/signed-records/{record_id}/verification",
    name="signed_record_verification",
    tags=["signed-records"],
    summary="Проверка записи по ссылке из QR-кода (без входа): верна ли подпись, что подписано",
    response_model=RecordCheckOut,
    responses=problem_responses(404, 422),
)
async def verification(
    record_id: uuid.UUID, session: SessionDep, settings: SettingsDep
) -> RecordCheckOut:
    return await signed_records.check(session, settings, record_id)

"""Exports of reports as files (REPORTS.md §4): requested here, rendered by the job queue.

A request is checked at once as the report it renders would be (the same access
functions: a family their child, a teacher their classes, an administration its school;
another's answers 404) and the period resolved, so a mistake is a 404/422 now, not a
failed job later. The job renders the report again as the requester — from the report
services in this package, never a second implementation — writes the file into
PostgreSQL (``report_export_files``), and notifies the requester. Only the requester may
fetch the file, for 7 days; then the retention pass removes it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.notices import ru_date
from api.diary.structure.models import Student
from api.documents.storage import PostgresBlobStorage
from api.errors import AppError, Conflict, FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import STAFF, Principal, role_required
from api.identity.models import Account, AccountStatus, Role
from api.jobs.defer import defer
from api.notifications import service as notifications
from api.reports import access, analytics, attendance, student_report
from api.reports import period as periods
from api.reports.files import documents
from api.reports.files.document import Document
from api.reports.files.fonts import FontMissing
from api.reports.files.render import CONTENT_TYPES, render
from api.reports.models import ExportStatus, ReportExport, ReportExportFile
from api.reports.period import Period
from api.reports.schemas import ExportIn, ExportOut
from api.schools.models import School, SchoolClass

TASK = "render_report_export"
QUEUE = "exports"
KEEP = timedelta(days=7)
Progress = Callable[[int], Awaitable[None]]
TERM_ONLY = frozenset({"class_summary", "class_analytics", "school_analytics"})
NEEDS = {
    "student_report": ("student_id",),
    "class_summary": ("class_id",),
    "class_analytics": ("class_id",),
    "school_analytics": ("school_id",),
    "attendance": ("student_id", "class_id"),
}


def _invalid(field: str, code: str, ru: str, en: str) -> ValidationFailed:
    return ValidationFailed(
        code=code, detail=Text(ru, en), errors=[FieldError(field, code, Text(ru, en))]
    )


def not_found() -> NotFound:
    return NotFound(code="export_not_found", detail=Text("Такой выгрузки нет", "No such export"))


@dataclass(frozen=True)
class Target:
    """What one export renders, checked for the caller."""

    kind: str
    school: School
    period: Period
    student: Student | None = None
    school_class: SchoolClass | None = None


def _params(body: ExportIn) -> dict[str, Any]:
    return body.model_dump(mode="json", by_alias=True, exclude={"kind", "format"})


def _uuid(params: dict[str, Any], name: str) -> uuid.UUID | None:
    value = params.get(name)
    return uuid.UUID(value) if value else None


def _date(params: dict[str, Any], name: str) -> date | None:
    value = params.get(name)
    return date.fromisoformat(value) if value else None


async def resolve(
    session: AsyncSession, principal: Principal, kind: str, params: dict[str, Any]
) -> Target:
    """The export's subject and period, or the report's own 404/422."""
    named = [n for n in NEEDS[kind] if params.get(n)]
    if not named:
        field = NEEDS[kind][0]
        ru = (
            "Укажите, чей отчёт выгрузить"
            if len(NEEDS[kind]) == 1
            else ("Укажите ученика или класс")
        )
        raise _invalid(field, "export_target_required", ru, f"{' or '.join(NEEDS[kind])} required")
    term_id = _uuid(params, "term_id")
    start, end = _date(params, "from"), _date(params, "to")
    if kind in TERM_ONLY and (start is not None or end is not None):
        raise _invalid(
            "from",
            "period_term_only",
            "Этот отчёт строится за четверть: укажите четверть, а не даты",
            "This report covers a term: give a term, not dates",
        )
    student_id, class_id = _uuid(params, "student_id"), _uuid(params, "class_id")
    if kind in ("student_report", "attendance") and student_id is not None:
        student = await access.report_student(session, principal, student_id)
        school = await session.get(School, student.school_id)
        assert school is not None
        period = await periods.resolve(session, school, term_id, start, end)
        return Target(kind, school, period, student=student)
    if class_id is not None and kind != "school_analytics":
        if not principal.has_any(*STAFF):  # as the class analytics route: staff only
            raise role_required()
        school_class = await access.analysed_class(session, principal, class_id)
        school = await session.get(School, school_class.school_id)
        assert school is not None
        if kind in TERM_ONLY:
            period = await periods.term_period(session, school, term_id)
        else:
            period = await periods.resolve(session, school, term_id, start, end)
        return Target(kind, school, period, school_class=school_class)
    school_id = _uuid(params, "school_id")
    assert school_id is not None
    if not principal.has_any(Role.school_admin):
        raise role_required()
    school = await access.administered_school(session, principal, school_id)
    return Target(kind, school, await periods.term_period(session, school, term_id))


async def document(
    session: AsyncSession, principal: Principal, target: Target, now: datetime
) -> Document:
    """The report, built by its own service, laid out for a file."""
    zone, name = target.school.timezone, target.school.short_name
    if target.student is not None:
        report = await student_report.build(session, principal, target.student, target.period)
        if target.kind == "attendance":
            return documents.student_attendance(report, zone)
        return documents.student_report(report, zone)
    if target.school_class is not None:
        school_class = target.school_class
        if target.kind == "class_analytics":
            found = await analytics.class_analytics(session, school_class, target.period)
            return documents.class_analytics(found, name, now, zone)
        subjects = await access.visible_subjects(session, principal, school_class)
        if target.kind == "class_summary":
            summary = await analytics.class_summary(session, school_class, target.period, subjects)
            return documents.class_summary(summary, name, now, zone)
        by_student = await attendance.class_attendance(
            session, school_class, target.period, subjects
        )
        return documents.class_attendance(by_student, name, now, zone)
    school = await analytics.school_analytics(session, target.school, target.period)
    return documents.school_analytics(school, name, now, zone)


async def create(session: AsyncSession, principal: Principal, body: ExportIn) -> ReportExport:
    if principal.is_client:  # files go to a person (and their notifications)
        raise not_found()
    params = _params(body)
    target = await resolve(session, principal, body.kind, params)
    now = clock.now()
    row = ReportExport(
        id=uuid.uuid4(),
        requested_by=principal.account_id,
        school_id=target.school.id,
        kind=body.kind,
        format=body.format,
        params=params,
        status=ExportStatus.queued.value,
        progress=0,
        created_at=now,
        expires_at=now + KEEP,
    )
    session.add(row)
    await session.flush()
    await defer(session, TASK, {"export_id": str(row.id)}, queue=QUEUE)
    return row


async def get(session: AsyncSession, principal: Principal, export_id: uuid.UUID) -> ReportExport:
    """The requester's own export while it is kept; anyone else's is not there."""
    found = await session.scalar(
        select(ReportExport).where(
            ReportExport.id == export_id,
            ReportExport.requested_by == principal.account_id,
            ReportExport.expires_at > clock.now(),
        )
    )
    if found is None:
        raise not_found()
    return found


def out(row: ReportExport) -> ExportOut:
    return ExportOut.model_validate(
        {
            "id": row.id,
            "kind": row.kind,
            "format": row.format,
            "status": row.status,
            "progress": row.progress,
            "file_name": row.file_name,
            "error": row.error,
            "error_code": row.error_code,
            "created_at": row.created_at,
            "finished_at": row.finished_at,
            "expires_at": row.expires_at,
        }
    )


def storage(session: AsyncSession) -> PostgresBlobStorage:
    return PostgresBlobStorage(session, ReportExportFile.export_id, ReportExportFile.content)


async def content(session: AsyncSession, row: ReportExport) -> bytes:
    if row.status != ExportStatus.done.value:
        raise Conflict(
            code="export_not_ready",
            detail=Text(
                "Файл ещё не готов: дождитесь окончания формирования",
                "The file is not ready yet: wait until it is made",
            ),
        )
    return await storage(session).get(row.id.hex)


async def requester(session: AsyncSession, account_id: uuid.UUID) -> Principal | None:
    """The requester as the report services see a caller (roles, school), if still active."""
    account = await session.get(Account, account_id)
    if account is None or account.status != AccountStatus.active:
        return None
    return Principal(
        account_id=account.id,
        roles=frozenset(Role(r) for r in account.roles),
        level=str(account.level),
        school_id=account.school_id,
        session_id=None,
    )


async def no_progress(_: int) -> None:
    return None


KIND_TITLES = {
    "student_report": "отчёт об успеваемости",
    "class_summary": "сводная ведомость",
    "class_analytics": "аналитика класса",
    "school_analytics": "аналитика школы",
    "attendance": "отчёт о посещаемости",
    "personal_data": "мои персональные данные",  # api.privacy
}


async def run(
    session: AsyncSession,
    export_id: uuid.UUID,
    *,
    fonts: Path,
    progress: Progress = no_progress,
) -> ReportExport | None:
    """Render the export's file and notify its requester; the caller commits."""
    row = await session.get(ReportExport, export_id)
    if row is None or row.status in (ExportStatus.done.value, ExportStatus.failed.value):
        return row
    await progress(5)
    principal = await requester(session, row.requested_by)
    try:
        if principal is None:
            raise not_found()
        target = await resolve(session, principal, row.kind, row.params)
        now = clock.now()
        laid_out = await document(session, principal, target, now)
        await progress(50)
        name, data = await asyncio.to_thread(render, laid_out, row.format, fonts=fonts)
        await progress(90)
    except AppError as problem:  # the report's own answer: access gone, no such term
        return await record_failure(
            session, row, problem.code, (problem.detail or problem.title).ru
        )
    except FontMissing:
        return await record_failure(
            session,
            row,
            "export_pdf_fonts_missing",
            "PDF сейчас не формируется: на сервере нет шрифтов. Выгрузите XLSX или CSV "
            "или напишите в поддержку",
        )
    await storage(session).put(row.id.hex, data)
    finished = clock.now()
    row.status = ExportStatus.done.value
    row.progress = 100
    row.file_name = name
    row.content_type = CONTENT_TYPES[row.format]
    row.size = len(data)
    row.finished_at = finished
    row.expires_at = finished + KEEP
    title = KIND_TITLES[row.kind]
    await notifications.notify(
        session,
        [
            (
                row.requested_by,
                notifications.Message(
                    kind=notifications.Kind.export,
                    title=f"Файл готов: {title}",
                    body=(
                        f"Файл «{name}» можно скачать до {ru_date(row.expires_at.date())} "
                        "в разделе отчётов."
                    ),
                    link=f"/exports/{row.id}",
                ),
            )
        ],
    )
    await session.flush()
    return row


async def record_failure(
    session: AsyncSession, row: ReportExport, code: str, message: str
) -> ReportExport:
    row.status = ExportStatus.failed.value
    row.progress = 100
    row.error_code = code[:64]
    row.error = message[:500]
    row.finished_at = clock.now()
    await notifications.notify(
        session,
        [
            (
                row.requested_by,
                notifications.Message(
                    kind=notifications.Kind.export,
                    title=f"Файл не сформирован: {KIND_TITLES[row.kind]}",
                    body=message,
                    link=f"/exports/{row.id}",
                ),
            )
        ],
    )
    await session.flush()
    return row


async def fail(session: AsyncSession, export_id: uuid.UUID) -> None:
    """An unexpected error in the job: said in words, never left «running»."""
    row = await session.get(ReportExport, export_id)
    if row is not None and row.status not in (ExportStatus.done.value, ExportStatus.failed.value):
        await record_failure(
            session,
            row,
            "export_failed",
            "Не удалось сформировать файл: попробуйте ещё раз или напишите в поддержку",
        )

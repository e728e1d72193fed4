"""Saved reports (REPORTS.md §3): frozen copies of a student report and their comparison."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import Student
from api.errors import NotFound
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.reports import period as periods
from api.reports import student_report
from api.reports.models import SavedReport
from api.reports.schemas import (
    AttendanceComparison,
    Comparison,
    SavedReportIn,
    SavedReportOut,
    SavedReportRef,
    StudentReport,
    SubjectComparison,
)
from api.schools.models import School

HUNDREDTH = Decimal("0.01")


def saved_report_not_found() -> NotFound:
    return NotFound(
        code="saved_report_not_found",
        detail=Text("Такого сохранённого отчёта нет", "No such saved report"),
    )


def out(row: SavedReport) -> SavedReportOut:
    return SavedReportOut(
        id=row.id,
        title=row.title,
        created_at=row.created_at,
        report=StudentReport.model_validate(row.report),
    )


async def save(
    session: AsyncSession, principal: Principal, student: Student, body: SavedReportIn
) -> SavedReportOut:
    school = await session.get(School, student.school_id)
    assert school is not None
    period = await periods.resolve(session, school, body.term_id, body.from_date, body.to_date)
    report = await student_report.build(session, principal, student, period)
    row = SavedReport(
        id=uuid.uuid4(),
        student_id=student.id,
        created_by=principal.account_id,
        title=body.title or f"Отчёт: {period.title}",
        report=report.model_dump(mode="json", by_alias=True),
        created_at=clock.now(),
    )
    session.add(row)
    await session.flush()
    return out(row)


async def get(
    session: AsyncSession, principal: Principal, student: Student, report_id: uuid.UUID
) -> SavedReport:
    row = await session.scalar(
        select(SavedReport).where(
            SavedReport.id == report_id,
            SavedReport.student_id == student.id,
            SavedReport.created_by == principal.account_id,
        )
    )
    if row is None:
        raise saved_report_not_found()
    return row


def _delta(a: float | None, b: float | None, *, places: Decimal) -> float | None:
    if a is None or b is None:
        return None
    return float((Decimal(str(b)) - Decimal(str(a))).quantize(places))


def compare(a_row: SavedReport, b_row: SavedReport) -> Comparison:
    """B against A: ``delta`` = b − a (averages to hundredths, attendance to tenths)."""
    a, b = StudentReport.model_validate(a_row.report), StudentReport.model_validate(b_row.report)
    a_subjects = {s.subject_id: s for s in a.subjects}
    b_subjects = {s.subject_id: s for s in b.subjects}
    names = {
        **{k: s.name for k, s in a_subjects.items()},
        **{k: s.name for k, s in b_subjects.items()},
    }
    subjects = []
    for subject_id in sorted(names, key=lambda k: names[k]):
        sa, sb = a_subjects.get(subject_id), b_subjects.get(subject_id)
        a_average = sa.average if sa else None
        b_average = sb.average if sb else None
        subjects.append(
            SubjectComparison(
                subject_id=subject_id,
                name=names[subject_id],
                a_average=a_average,
                b_average=b_average,
                delta=_delta(a_average, b_average, places=HUNDREDTH),
                a_term_grade=sa.term_grade if sa else None,
                b_term_grade=sb.term_grade if sb else None,
            )
        )
    a_rate, b_rate = a.attendance.attendance_rate, b.attendance.attendance_rate
    return Comparison(
        a=SavedReportRef(id=a_row.id, title=a_row.title),
        b=SavedReportRef(id=b_row.id, title=b_row.title),
        subjects=subjects,
        attendance=AttendanceComparison(
            a_rate=a_rate,
            b_rate=b_rate,
            delta=_delta(a_rate, b_rate, places=Decimal("0.1")),
        ),
    )

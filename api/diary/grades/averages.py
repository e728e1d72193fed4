"""Weighted averages, term and year grades by the school's thresholds, and "what if".

The average is Σ(grade × weight) / Σ weights over a term's grades, rounded to hundredths;
the term grade is 5 from ``five_from`` (4.50 by default; some schools use 4.65), 4 from
``four_from``, 3 from ``three_from``, else 2. Pass/fail subjects are passed when passes
are at least as many as fails. A year grade averages the term grades equally.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.grades import service, signoff
from api.diary.grades.access import readable_grades
from api.diary.grades.models import Grade, GradePeriod, TermGrade, WorkType
from api.diary.grades.schemas import (
    AverageGrade,
    AverageOut,
    AverageTerm,
    GradingPolicyOut,
    HypotheticalGrade,
    TermGradeIn,
    TermGradeOut,
    grade_value,
    work_type_ref,
)
from api.diary.schemas import GradeValue, Ref
from api.diary.structure import students as structure_students
from api.diary.structure import terms as structure_terms
from api.diary.structure.models import AcademicYear, Student, Subject, SubjectAssessment, Term
from api.diary.structure.viewer import Viewer, runs_class, teaches
from api.errors import FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.schools.models import School, SchoolClass

HUNDREDTH = Decimal("0.01")
Thresholds = tuple[Decimal, Decimal, Decimal]


@dataclass(frozen=True, slots=True)
class Counted:
    value: int | str
    weight: Decimal


def weighted_average(grades: Sequence[Counted]) -> tuple[Decimal, Decimal, Decimal | None]:
    """(Σ grade × weight, Σ weights, the average to hundredths or None) over numeric grades."""
    numeric = [g for g in grades if isinstance(g.value, int)]
    total = sum((g.value * g.weight for g in numeric), Decimal(0))  # type: ignore[operator]
    weights = sum((g.weight for g in numeric), Decimal(0))
    if not weights:
        return total, weights, None
    return total, weights, (total / weights).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def final_grade(average: Decimal, thresholds: Thresholds) -> int:
    five_from, four_from, three_from = thresholds
    if average >= five_from:
        return 5
    if average >= four_from:
        return 4
    return 3 if average >= three_from else 2


def pass_fail(grades: Sequence[Counted]) -> Literal["pass", "fail"] | None:
    marks = [g.value for g in grades if isinstance(g.value, str)]
    if not marks:
        return None
    return "pass" if marks.count("pass") >= marks.count("fail") else "fail"


def _number(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def explanation(
    assessment: SubjectAssessment,
    total: Decimal,
    weights: Decimal,
    average: Decimal | None,
    thresholds: Thresholds,
    result: GradeValue | None,
) -> str:
    if assessment == SubjectAssessment.pass_fail:
        if result is None:
            return "Отметок за период нет."
        verdict = "зачёт" if result == "pass" else "незачёт"
        return (
            "Зачётный предмет: зачёт ставится, если зачётов не меньше, чем незачётов. "
            f"Итог — {verdict}."
        )
    if average is None:
        return "Оценок за период нет: средний балл не считается."
    five, four, three = (_number(t) for t in thresholds)
    return (
        f"Средний балл = Σ(оценка × вес) / Σ весов = {_number(total)} / {_number(weights)} = "
        f"{_number(average)}. По правилам школы «5» ставится от {five}, «4» — от {four}, "
        f"«3» — от {three}: итог — {result}."
    )


def today_in(zone: str) -> date:
    return clock.now().astimezone(ZoneInfo(zone)).date()


async def resolve_term(session: AsyncSession, school: School, term_id: uuid.UUID | None) -> Term:
    """The given term of the school, else the one under way, else the latest begun."""
    query = select(Term).where(Term.school_id == school.id)
    if term_id is not None:
        term = await session.scalar(query.where(Term.id == term_id))
    else:
        today = today_in(school.timezone)
        term = await session.scalar(
            query.where(Term.starts_on <= today).order_by(Term.starts_on.desc()).limit(1)
        ) or await session.scalar(query.order_by(Term.starts_on).limit(1))
    if term is None:
        raise term_not_found()
    return term


def term_not_found() -> NotFound:
    return NotFound(code="term_not_found", detail=Text("Такого периода нет", "No such term"))


async def _subject(session: AsyncSession, school_id: uuid.UUID, subject_id: uuid.UUID) -> Subject:
    subject = await session.scalar(
        select(Subject).where(Subject.id == subject_id, Subject.school_id == school_id)
    )
    if subject is None:
        raise subject_not_found()
    return subject


def subject_not_found() -> NotFound:
    return NotFound(code="subject_not_found", detail=Text("Такого предмета нет", "No such subject"))


async def explain(
    session: AsyncSession,
    principal: Principal,
    student: Student,
    subject_id: uuid.UUID,
    term_id: uuid.UUID | None,
    hypothetical: Sequence[HypotheticalGrade],
) -> AverageOut:
    school = await session.get(School, student.school_id)
    assert school is not None
    subject = await _subject(session, school.id, subject_id)
    term = await resolve_term(session, school, term_id)
    work_types = {w.code: w for w in await service.ensure_work_types(session, school.id)}
    default = next((w for w in work_types.values() if w.is_default), None) or next(
        iter(work_types.values())
    )
    visible = readable_grades(principal).where(
        Grade.student_id == student.id,
        Grade.subject_id == subject.id,
        Grade.date >= term.starts_on,
        Grade.date <= term.ends_on,
    )
    grades = visible.subquery()
    rows = await session.execute(
        select(grades.c.score, grades.c.passed, grades.c.date, WorkType)
        .join(WorkType, WorkType.id == grades.c.work_type_id)
        .order_by(grades.c.date, grades.c.created_at, grades.c.id)
    )
    listed = [
        AverageGrade(
            value=grade_value(score, passed),
            work_type=work_type_ref(w),
            date=day,
            hypothetical=False,
        )
        for score, passed, day, w in rows
    ]
    counted = [Counted(g.value, Decimal(str(g.work_type.weight))) for g in listed]
    pass_fail_subject = subject.assessment == SubjectAssessment.pass_fail
    for index, item in enumerate(hypothetical):
        w = work_types.get(item.work_type) if item.work_type else default
        if w is None or isinstance(item.value, int) == pass_fail_subject:
            field = "work_type" if w is None else "value"
            message = Text("Недопустимая гипотетическая оценка", "Invalid hypothetical grade")
            raise ValidationFailed(
                code="hypothetical_invalid",
                detail=message,
                errors=[
                    FieldError(f"hypothetical.{index}.{field}", "hypothetical_invalid", message)
                ],
            )
        listed.append(
            AverageGrade(value=item.value, work_type=work_type_ref(w), date=None, hypothetical=True)
        )
        counted.append(Counted(item.value, w.weight))
    thresholds = await service.policy(session, school.id)
    term_out = AverageTerm(
        id=term.id,
        name=structure_terms.term_name(term.kind, term.number),
        starts_on=term.starts_on,
        ends_on=term.ends_on,
    )
    return explained(
        student.id, subject_ref(subject), subject.assessment, term_out, listed, counted, thresholds
    )


def subject_ref(subject: Subject) -> Ref:
    return Ref(id=subject.id, name=subject.name)


def explained(
    student_id: uuid.UUID,
    subject: Ref,
    assessment: SubjectAssessment,
    term: AverageTerm,
    listed: list[AverageGrade],
    counted: Sequence[Counted],
    thresholds: Thresholds,
) -> AverageOut:
    """The average, the result by the school's rules and their explanation: the one home
    of this arithmetic for ``GET …/averages`` (``average_statement``) and «what if»."""
    total, weights, average = weighted_average(counted)
    result: GradeValue | None
    if assessment == SubjectAssessment.pass_fail:
        result = pass_fail(counted)
    else:
        result = final_grade(average, thresholds) if average is not None else None
    return AverageOut(
        student_id=student_id,
        subject=subject,
        assessment=assessment,
        term=term,
        grades=listed,
        weighted_sum=float(total),
        weight_total=float(weights),
        average=float(average) if average is not None else None,
        thresholds=GradingPolicyOut(
            five_from=float(thresholds[0]),
            four_from=float(thresholds[1]),
            three_from=float(thresholds[2]),
        ),
        result=result,
        explanation=explanation(assessment, total, weights, average, thresholds, result),
    )


def _term_grade_out(row: TermGrade, subject: Subject) -> TermGradeOut:
    value: GradeValue | None = (
        grade_value(row.score, row.passed)
        if row.score is not None or row.passed is not None
        else None
    )
    return TermGradeOut(
        student_id=row.student_id,
        subject=Ref(id=subject.id, name=subject.name),
        period=row.period,
        term_id=row.term_id,
        academic_year=row.academic_year,
        value=value,
        average=float(row.average) if row.average is not None else None,
        set_at=row.set_at,
    )


async def close_term(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    class_id: uuid.UUID,
    body: TermGradeIn,
) -> list[TermGradeOut]:
    """Compute and store the class's term (or year) grades in a subject. Signed term
    grades change only with a correction reason, which signs a new record (``signoff``)."""
    viewer = Viewer.of(principal)
    school_class = await session.scalar(
        select(SchoolClass).where(
            SchoolClass.id == class_id,
            or_(
                runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
                teaches(viewer, SchoolClass.id, body.subject_id),
            ),
        )
    )
    if school_class is None:
        raise NotFound(code="class_not_found", detail=Text("Такого класса нет", "No such class"))
    school = await session.get(School, school_class.school_id)
    assert school is not None
    subject = await _subject(session, school.id, body.subject_id)
    thresholds = await service.policy(session, school.id)
    roster = await structure_students.class_roster(session, class_id)
    results: dict[uuid.UUID, tuple[GradeValue | None, Decimal | None]] = {}
    if body.term_id is not None:
        term = await resolve_term(session, school, body.term_id)
        year = await session.get(AcademicYear, term.academic_year_id)
        assert year is not None
        academic_year, period, term_id = year.year, GradePeriod.term, term.id
        rows = await session.execute(
            select(Grade.student_id, Grade.score, Grade.passed, WorkType.weight)
            .join(WorkType, WorkType.id == Grade.work_type_id)
            .where(
                Grade.student_id.in_([s.id for s in roster]),
                Grade.subject_id == subject.id,
                Grade.deleted_at.is_(None),
                Grade.date >= term.starts_on,
                Grade.date <= term.ends_on,
            )
        )
        counted: dict[uuid.UUID, list[Counted]] = {}
        for student_id, score, passed, weight in rows:
            counted.setdefault(student_id, []).append(Counted(grade_value(score, passed), weight))
        for student in roster:
            grades = counted.get(student.id, [])
            _, _, average = weighted_average(grades)
            if subject.assessment == SubjectAssessment.pass_fail:
                results[student.id] = (pass_fail(grades), None)
            else:
                results[student.id] = (
                    final_grade(average, thresholds) if average is not None else None,
                    average,
                )
    else:
        academic_year = body.academic_year or structure_year(school)
        period, term_id = GradePeriod.year, None
        term_rows = await session.execute(
            select(TermGrade.student_id, TermGrade.score, TermGrade.passed).where(
                TermGrade.student_id.in_([s.id for s in roster]),
                TermGrade.subject_id == subject.id,
                TermGrade.academic_year == academic_year,
                TermGrade.period == GradePeriod.term,
            )
        )
        per_student: dict[uuid.UUID, list[Counted]] = {}
        for student_id, score, passed in term_rows:
            per_student.setdefault(student_id, []).append(
                Counted(grade_value(score, passed), Decimal(1))
            )
        for student in roster:
            grades = per_student.get(student.id, [])
            _, _, average = weighted_average(grades)
            if subject.assessment == SubjectAssessment.pass_fail:
                results[student.id] = (pass_fail(grades), None)
            else:
                results[student.id] = (
                    final_grade(average, thresholds) if average is not None else None,
                    average,
                )
    signed = await signoff.in_force(session, class_id, subject.id, term_id) if term_id else None
    correcting = signed is not None and signoff.changes_signed(
        signed, {s: str(v) for s, (v, _) in results.items() if v is not None}
    )
    if correcting and body.correction_reason is None:
        raise signoff.term_signed()
    out: list[TermGradeOut] = []
    for student in roster:
        value, average = results[student.id]
        values = {
            "score": value if isinstance(value, int) else None,
            "passed": None if value is None or isinstance(value, int) else value == "pass",
            "average": average,
            "set_by": principal.account_id,
        }
        if value is None:
            continue
        row = await session.scalar(
            insert(TermGrade)
            .values(
                id=uuid.uuid4(),
                student_id=student.id,
                subject_id=subject.id,
                academic_year=academic_year,
                term_id=term_id,
                period=period,
                **values,
            )
            .on_conflict_do_update(
                index_elements=["student_id", "subject_id", "academic_year", "term_id"],
                set_={**values, "set_at": clock.now()},
            )
            .returning(TermGrade)
            .execution_options(populate_existing=True)
        )
        assert row is not None
        out.append(_term_grade_out(row, subject))
    if correcting and signed is not None and body.correction_reason is not None:
        await signoff.correct(session, settings, principal, signed, body.correction_reason)
    return out


def structure_year(school: School) -> int:
    today = today_in(school.timezone)
    return today.year if today.month >= 9 else today.year - 1

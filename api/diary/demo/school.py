"""The demo school's year: quarters, bells, subjects and who teaches what in which class."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import (
    AcademicYear,
    Bell,
    Subject,
    SubjectAssessment,
    TeachingAssignment,
    Term,
    TermKind,
)
from api.identity.models import Account
from api.schools.models import School, SchoolClass

CLASSES = ("5-А", "9-А", "9-Б")
# 08:30, 09:25, 10:20, ...: 45-minute lessons with 10-minute breaks.
BELLS = [(n, time(8 + (n * 55 - 25) // 60, (n * 55 - 25) % 60)) for n in range(1, 8)]
PASS_FAIL = frozenset({"Физическая культура"})


@dataclass(frozen=True, slots=True)
class Course:
    """A subject of a class's curriculum: lessons a week and the teacher (a person key)."""

    subject: str
    per_week: int
    teacher: str


# A five-day week of 25 lessons per class, by grade.
CURRICULUM: dict[int, tuple[Course, ...]] = {
    5: (
        Course("Русский язык", 5, "t_russian"),
        Course("Литература", 3, "t_russian"),
        Course("Математика", 5, "teacher"),
        Course("Английский язык", 3, "t_english"),
        Course("История", 2, "t_history"),
        Course("Биология", 1, "t_biology"),
        Course("География", 1, "t_biology"),
        Course("Физическая культура", 2, "t_pe"),
        Course("Музыка", 1, "t_arts"),
        Course("Изобразительное искусство", 1, "t_arts"),
        Course("Труд (технология)", 1, "t_craft"),
    ),
    9: (
        Course("Русский язык", 4, "class_teacher"),
        Course("Литература", 3, "class_teacher"),
        Course("Алгебра", 4, "teacher"),
        Course("Геометрия", 2, "teacher"),
        Course("Физика", 2, "t_physics"),
        Course("История", 2, "t_history"),
        Course("Английский язык", 3, "t_english"),
        Course("Биология", 2, "t_biology"),
        Course("Информатика", 1, "t_physics"),
        Course("Физическая культура", 2, "t_pe"),
    ),
}


def quarters(year: int) -> list[tuple[date, date]]:
    return [
        (date(year, 9, 1), date(year, 10, 24)),
        (date(year, 11, 3), date(year, 12, 28)),
        (date(year + 1, 1, 12), date(year + 1, 3, 21)),
        (date(year + 1, 3, 30), date(year + 1, 5, 26)),
    ]


async def ensure_year(
    session: AsyncSession, school: School, year: int
) -> tuple[AcademicYear, list[Term]]:
    """The academic year in quarters and the bell schedule, created once."""
    existing = await session.scalar(
        select(AcademicYear).where(AcademicYear.school_id == school.id, AcademicYear.year == year)
    )
    if existing is not None:
        terms = list(
            await session.scalars(
                select(Term).where(Term.academic_year_id == existing.id).order_by(Term.number)
            )
        )
        return existing, terms
    spans = quarters(year)
    academic_year = AcademicYear(
        id=uuid.uuid4(),
        school_id=school.id,
        year=year,
        starts_on=spans[0][0],
        ends_on=spans[-1][1],
        term_kind=TermKind.quarter,
    )
    session.add(academic_year)
    await session.flush()
    terms = [
        Term(
            id=uuid.uuid4(),
            school_id=school.id,
            academic_year_id=academic_year.id,
            kind=TermKind.quarter,
            number=n,
            starts_on=start,
            ends_on=end,
        )
        for n, (start, end) in enumerate(spans, start=1)
    ]
    session.add_all(terms)
    have_bells = await session.scalar(select(Bell.id).where(Bell.school_id == school.id).limit(1))
    if have_bells is None:
        session.add_all(
            Bell(
                id=uuid.uuid4(),
                school_id=school.id,
                number=n,
                starts_at=start,
                ends_at=(datetime.combine(date.min, start) + timedelta(minutes=45)).time(),
            )
            for n, start in BELLS
        )
    await session.flush()
    return academic_year, terms


async def ensure_subjects(session: AsyncSession, school: School) -> dict[str, Subject]:
    subjects = {
        s.name: s
        for s in await session.scalars(select(Subject).where(Subject.school_id == school.id))
    }
    for name in dict.fromkeys(c.subject for courses in CURRICULUM.values() for c in courses):
        if name not in subjects:
            assessment = (
                SubjectAssessment.pass_fail if name in PASS_FAIL else SubjectAssessment.graded
            )
            subjects[name] = Subject(
                id=uuid.uuid4(), school_id=school.id, name=name, assessment=assessment
            )
            session.add(subjects[name])
    await session.flush()
    return subjects


async def ensure_assignments(
    session: AsyncSession,
    school: School,
    classes: dict[str, SchoolClass],
    subjects: dict[str, Subject],
    people: dict[str, Account],
) -> None:
    """Who teaches each subject of each class's curriculum («нагрузка»)."""
    for school_class in classes.values():
        for course in CURRICULUM[school_class.grade]:
            subject = subjects[course.subject]
            exists = await session.scalar(
                select(TeachingAssignment.id).where(
                    TeachingAssignment.class_id == school_class.id,
                    TeachingAssignment.subject_id == subject.id,
                )
            )
            if exists is None:
                session.add(
                    TeachingAssignment(
                        id=uuid.uuid4(),
                        school_id=school.id,
                        teacher_id=people[course.teacher].id,
                        class_id=school_class.id,
                        subject_id=subject.id,
                    )
                )
    await session.flush()

"""Closing a term (``POST /classes/{id}/term-grades``, ``averages.close_term``) and «what if»:
a subject of another school is not found, only the closed subject's grades count, a
pass/fail term grade is answered as «pass», and a grade withdrawn after the sign-off is no
change of the signed record.

Guards what the mutation run (``make mutation MUTATION_ONLY=averages``) found unguarded in
``api/diary/grades/averages.py``. Ids are compared by PostgreSQL (``<=``/``>=`` on uuid):
the extra schools and subjects get the smallest and the largest uuid, so a comparison that
is not equality finds one of them whichever id the world's own rows were given.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades import service as grades_service
from api.diary.grades.models import Grade, TermGrade
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Student, Subject
from tests.diary.world import World, make_school
from tests.reports.journal import put_grade

LOWEST = uuid.UUID("00000000-0000-0000-0000-000000000001")
HIGHEST = uuid.UUID("ffffffff-ffff-ffff-ffff-fffffffffffe")


async def close_term(client: AsyncClient, world: World, subject: Subject, **extra: str) -> Any:
    return await client.post(
        f"/api/v1/classes/{world.class_b.id}/term-grades",
        json={"subject_id": str(subject.id), "term_id": str(world.term.id), **extra},
        headers=world.teacher.headers,
    )


async def test_a_subject_of_another_school_is_not_found(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    subjects = []
    for school_id in (LOWEST, HIGHEST):
        school = make_school("Europe/Moscow", f"Школа {school_id.hex[:4]}")
        school.id = school_id
        subject = Subject(id=uuid.uuid4(), school_id=school_id, name="Алгебра")
        session.add(school)
        await session.flush()
        session.add(subject)
        subjects.append(subject)
    await session.commit()

    for subject in subjects:
        what_if = await client.post(
            f"/api/v1/students/{world.pupil.id}/averages/what-if",
            json={"subject_id": str(subject.id), "hypothetical": [{"value": 5}]},
            headers=world.parent.headers,
        )
        assert what_if.status_code == 404, what_if.text
        assert what_if.json()["code"] == "subject_not_found"


async def graded_elsewhere(
    session: AsyncSession, world: World, student: Student, subject_id: uuid.UUID, number: int
) -> None:
    """A graded subject of the school with ``subject_id``, and a 2 in it for ``student``."""
    subject = Subject(id=subject_id, school_id=world.school.id, name=f"Предмет {number}")
    session.add(subject)
    await session.flush()
    day = date(2026, 11, 10)
    lesson = Lesson(
        id=uuid.uuid4(),
        school_id=world.school.id,
        class_id=world.class_b.id,
        subject_id=subject.id,
        term_id=world.term.id,
        teacher_id=world.teacher.id,
        date=day,
        number=number,
        starts_at=datetime.combine(day, time(8 + number), UTC),
        ends_at=datetime.combine(day, time(8 + number, 45), UTC),
    )
    session.add(lesson)
    await session.flush()
    types = {w.code: w for w in await grades_service.ensure_work_types(session, world.school.id)}
    session.add(
        Grade(
            id=uuid.uuid4(),
            lesson_id=lesson.id,
            student_id=student.id,
            subject_id=subject.id,
            date=day,
            work_type_id=types["test"].id,
            score=2,
            teacher_id=world.teacher.id,
        )
    )
    await session.flush()


async def test_closing_a_term_counts_only_that_subjects_grades(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await put_grade(session, world, world.pupil, world.algebra, date(2026, 11, 10), 5)
    await put_grade(session, world, world.pupil, world.algebra, date(2026, 11, 11), 4)
    await graded_elsewhere(session, world, world.pupil, LOWEST, 3)
    await graded_elsewhere(session, world, world.pupil, HIGHEST, 4)
    await session.commit()

    response = await close_term(client, world, world.algebra)

    # (5 + 4) / 2 = 4.50 → 5; with either other subject's 2 for a test (weight 2) it would
    # be (5 + 4 + 2×2) / 4 = 3.25 → 3.
    assert response.status_code == 200, response.text
    assert [(g["student_id"], g["value"], g["average"]) for g in response.json()] == [
        (str(world.pupil.id), 5, 4.5)
    ]


async def test_a_pass_fail_term_grade_is_answered_and_stored_as_a_pass(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await put_grade(session, world, world.pupil, world.pe, date(2026, 11, 10), "pass")
    await put_grade(session, world, world.own, world.pe, date(2026, 11, 10), "fail")
    await session.commit()

    response = await client.post(
        f"/api/v1/classes/{world.class_b.id}/term-grades",
        json={"subject_id": str(world.pe.id), "term_id": str(world.term.id)},
        headers=world.other_teacher.headers,
    )

    assert response.status_code == 200, response.text
    assert sorted((g["student_id"], g["value"], g["average"]) for g in response.json()) == sorted(
        [(str(world.pupil.id), "pass", None), (str(world.own.id), "fail", None)]
    )
    stored = await session.execute(
        select(TermGrade.student_id, TermGrade.score, TermGrade.passed).where(
            TermGrade.subject_id == world.pe.id
        )
    )
    assert sorted(stored.all()) == sorted(
        [(world.pupil.id, None, True), (world.own.id, None, False)]
    )


async def test_a_grade_withdrawn_after_the_sign_off_is_no_change_of_the_signed_record(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    for student, value in ((world.pupil, 5), (world.own, 4), (world.classmate, 3)):
        await put_grade(session, world, student, world.algebra, date(2026, 11, 10), value)
    await session.commit()
    assert (await close_term(client, world, world.algebra)).status_code == 200
    signed = await client.post(
        f"/api/v1/classes/{world.class_b.id}/subjects/{world.algebra.id}"
        f"/terms/{world.term.id}/sign-off",
        headers=world.teacher.headers,
    )
    assert signed.status_code == 201, signed.text
    # The classmate's only grade is removed: she has no term grade to compute now.
    await session.execute(
        update(Grade)
        .where(Grade.student_id == world.classmate.id)
        .values(deleted_at=datetime(2026, 11, 30, 9, tzinfo=UTC))
    )
    await session.commit()

    again = await close_term(client, world, world.algebra)

    # Nothing the record signed changes: no correction reason is asked for, and the
    # classmate's signed 3 stays.
    assert again.status_code == 200, again.text
    assert sorted((g["student_id"], g["value"]) for g in again.json()) == sorted(
        [(str(world.pupil.id), 5), (str(world.own.id), 4)]
    )
    kept = await session.scalar(
        select(TermGrade.score).where(
            TermGrade.student_id == world.classmate.id, TermGrade.term_id == world.term.id
        )
    )
    assert kept == 3
    # A signed grade that does change still needs the reason.
    await put_grade(session, world, world.pupil, world.algebra, date(2026, 11, 11), 2, "test")
    await session.commit()
    refused = await close_term(client, world, world.algebra)
    assert (refused.status_code, refused.json()["code"]) == (409, "term_signed")

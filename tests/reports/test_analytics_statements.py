"""The analytics, the «сводная ведомость» and journal completeness as statements answer
what the Python computation they replaced (``tests/reports/reference.py``) answers, on
generated journals with the edges that rounding and counting get wrong: pupils with no
grades and with one, averages on a threshold and at exact halves, closed term grades
(a 1 among them), pass/fail ties, removed grades, an archived pupil, a subject with two
teachers and one with lessons but no teacher, a cancelled lesson."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades import service as grades_service
from api.diary.grades.models import Grade, GradePeriod, GradingPolicy, TermGrade
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.structure.models import Student, Subject, TeachingAssignment, Term
from api.identity import clock
from api.reports import analytics
from api.reports import period as periods
from tests.diary.world import TERM_END, TERM_START, World, pupil_row
from tests.reports import reference
from tests.reports.test_reports import class_b_journal

ZONE = ZoneInfo("Europe/Moscow")


async def _lessons(
    session: AsyncSession, class_id: uuid.UUID, subject_id: uuid.UUID
) -> list[Lesson]:
    return list(
        await session.scalars(
            select(Lesson)
            .where(Lesson.class_id == class_id, Lesson.subject_id == subject_id)
            .order_by(Lesson.date)
        )
    )


def _grade(lesson: Lesson, student: Student, value: int | str, work_type: uuid.UUID) -> Grade:
    return Grade(
        id=uuid.uuid4(),
        lesson_id=lesson.id,
        student_id=student.id,
        subject_id=lesson.subject_id,
        date=lesson.date,
        work_type_id=work_type,
        score=value if isinstance(value, int) else None,
        passed=None if isinstance(value, int) else value == "pass",
        teacher_id=lesson.teacher_id,
        created_at=datetime.combine(lesson.date, time(12), ZONE),
    )


def _term_grade(world: World, student: Student, subject: Subject, value: int | str) -> TermGrade:
    return TermGrade(
        id=uuid.uuid4(),
        student_id=student.id,
        subject_id=subject.id,
        academic_year=2026,
        term_id=world.term.id,
        period=GradePeriod.term,
        score=value if isinstance(value, int) else None,
        passed=None if isinstance(value, int) else value == "pass",
        set_by=world.teacher.id,
    )


async def rich_journal(session: AsyncSession, world: World, seed: int) -> None:
    """``class_b_journal`` and, drawn from ``seed``, more pupils and grades around it."""
    await class_b_journal(session, world)
    rng = random.Random(seed)
    types = {w.code: w.id for w in await grades_service.ensure_work_types(session, world.school.id)}
    geometry = Subject(id=uuid.uuid4(), school_id=world.school.id, name="Геометрия")
    drawing = Subject(id=uuid.uuid4(), school_id=world.school.id, name="Черчение")
    session.add_all([geometry, drawing])
    await session.flush()
    # Geometry: two teachers in 9-Б (the first by name is named), lessons in both classes;
    # drawing: lessons in 9-А only, nobody assigned (teacher_name null).
    for teacher in (world.teacher, world.other_teacher):
        session.add(
            TeachingAssignment(
                id=uuid.uuid4(),
                school_id=world.school.id,
                teacher_id=teacher.id,
                class_id=world.class_b.id,
                subject_id=geometry.id,
            )
        )
    algebra = {
        c.id: await _lessons(session, c.id, world.algebra.id)
        for c in (world.class_a, world.class_b)
    }
    for school_class, subject in (
        (world.class_b, geometry),
        (world.class_a, geometry),
        (world.class_a, drawing),
    ):
        for index, template in enumerate(algebra[school_class.id]):
            session.add(
                Lesson(
                    id=uuid.uuid4(),
                    school_id=world.school.id,
                    class_id=school_class.id,
                    subject_id=subject.id,
                    term_id=world.term.id,
                    teacher_id=world.other_teacher.id,
                    date=template.date,
                    number=3,
                    starts_at=template.starts_at + timedelta(hours=2),
                    ends_at=template.ends_at + timedelta(hours=2),
                    topic=None if index % 3 else "Тема",
                    status=LessonStatus.cancelled if index == 4 else LessonStatus.scheduled,
                )
            )
    pupils = {
        world.class_b.id: [world.pupil, world.own, world.classmate],
        world.class_a.id: [world.stranger],
    }
    for school_class, count in ((world.class_b, 9), (world.class_a, 6)):
        for n in range(count):
            row = pupil_row(world.school, school_class, f"Ученик{n:02d}", rng.choice("АБВ"))
            session.add(row)
            pupils[school_class.id].append(row)
    archived = pupil_row(world.school, world.class_b, "Архивный", "Ушёл")
    archived.archived_at = clock.now()
    session.add(archived)
    await session.flush()

    subjects = [world.algebra, geometry, world.pe, drawing]
    lessons = {(c, s.id): await _lessons(session, c, s.id) for c in pupils for s in subjects}
    for class_id, roster in pupils.items():
        for student in [*roster, archived] if class_id == world.class_b.id else roster:
            for subject in subjects:
                held = lessons[(class_id, subject.id)]
                if not held or student in (world.pupil, world.own, world.classmate):
                    continue
                shape = rng.choice(["none", "one", "some", "half", "threshold"])
                days = rng.sample(held, min(len(held), rng.randint(2, 8)))
                if subject.assessment.value == "pass_fail":
                    marks = {"none": [], "one": ["pass"], "half": ["pass", "fail"]}.get(
                        shape, [rng.choice(["pass", "fail"]) for _ in days]
                    )
                    values: list[tuple[int | str, str]] = [(m, "answer") for m in marks]
                elif shape == "none":
                    values = []
                elif shape == "one":
                    values = [(rng.randint(2, 5), rng.choice(list(types)))]
                elif shape == "half":  # 33 / 8 = 4.125 → 4.13; 9 / 2 = 4.50 on the threshold
                    halves: list[list[tuple[int | str, str]]] = [
                        [(5, "answer"), *[(4, "answer")] * 7],
                        [(5, "answer"), (4, "answer")],
                    ]
                    values = rng.choice(halves)
                elif shape == "threshold":  # 3.50 and 2.50: on the 4's and the 3's threshold
                    thresholds: list[list[tuple[int | str, str]]] = [
                        [(3, "test"), (4, "test")],
                        [(2, "answer"), (3, "answer")],
                    ]
                    values = rng.choice(thresholds)
                else:
                    values = [(rng.randint(1, 5), rng.choice(list(types))) for _ in days]
                for lesson, (value, code) in zip(
                    rng.sample(held, len(held)) * 2, values, strict=False
                ):
                    session.add(_grade(lesson, student, value, types[code]))
                    await session.flush()
                if rng.random() < 0.25:
                    closed = (
                        rng.choice(["pass", "fail"])
                        if subject.assessment.value == "pass_fail"
                        else rng.randint(1, 5)
                    )
                    session.add(_term_grade(world, student, subject, closed))
            for lesson in rng.sample(lessons[(class_id, world.algebra.id)], 4):
                status = rng.choice(list(AttendanceStatus))
                session.add(
                    AttendanceMark(
                        id=uuid.uuid4(),
                        lesson_id=lesson.id,
                        student_id=student.id,
                        date=lesson.date,
                        status=status,
                        marked_by=lesson.teacher_id,
                    )
                )
    # A removed grade and one entered late count nowhere / as late.
    first = lessons[(world.class_b.id, world.algebra.id)][0]
    removed = _grade(first, pupils[world.class_b.id][3], 1, types["exam"])
    removed.deleted_at = clock.now()
    late = _grade(lessons[(world.class_b.id, geometry.id)][1], world.pupil, 5, types["answer"])
    late.created_at += timedelta(days=5)
    # Three days after is not late yet; four days after at 01:00 in Moscow is (22:00 UTC
    # the day before: late only by the school's calendar).
    on_time = _grade(lessons[(world.class_b.id, geometry.id)][2], world.own, 4, types["answer"])
    on_time.created_at += timedelta(days=3)
    by_zone = _grade(lessons[(world.class_b.id, geometry.id)][3], world.own, 3, types["answer"])
    by_zone.created_at = datetime.combine(by_zone.date + timedelta(days=4), time(1), ZONE)
    # A numeric term grade in a pass/fail subject (closed before the subject changed).
    odd = _term_grade(world, world.classmate, world.pe, 4)
    session.add_all([removed, late, on_time, by_zone, odd])
    await session.flush()
    await session.commit()


async def _assert_equal(client: AsyncClient, session: AsyncSession, world: World) -> None:
    headers = world.admin.headers
    period = await periods.term_period(session, world.school, world.term.id)
    school = await client.get(f"/api/v1/schools/{world.school.id}/analytics", headers=headers)
    assert school.status_code == 200, school.text
    expected = await reference.school_analytics(session, world.school, period)
    assert orjson.loads(school.content) == expected.model_dump(mode="json", by_alias=True)
    for school_class in (world.class_a, world.class_b):
        one = await client.get(f"/api/v1/classes/{school_class.id}/analytics", headers=headers)
        assert one.status_code == 200, one.text
        wanted = await reference.class_analytics(session, school_class, period)
        assert orjson.loads(one.content) == wanted.model_dump(mode="json", by_alias=True)
        for subject_ids in (None, frozenset({world.algebra.id}), frozenset()):
            summary = await analytics.class_summary(session, school_class, period, subject_ids)
            assert summary == await reference.class_summary(
                session, school_class, period, subject_ids
            )
    for params in (
        {},
        {"from": str(TERM_START), "to": str(TERM_END)},
        {"from": "2026-11-10", "to": "2026-11-10"},
    ):
        found = await client.get(
            f"/api/v1/schools/{world.school.id}/journal-completeness",
            params=params,
            headers=headers,
        )
        assert found.status_code == 200, found.text
        dates = (
            periods.date_period(
                date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
            )
            if params
            else period
        )
        reference_body = await reference.journal_completeness(session, world.school, dates)
        assert orjson.loads(found.content) == reference_body.model_dump(mode="json", by_alias=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_statements_equal_the_python_reference(
    client: AsyncClient, session: AsyncSession, world: World, seed: int
) -> None:
    await rich_journal(session, world, seed)
    await _assert_equal(client, session, world)


async def test_a_school_policy_and_a_school_with_nothing_graded(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await _assert_equal(client, session, world)  # nothing graded yet: every indicator null
    session.add(
        GradingPolicy(
            school_id=world.school.id,
            five_from=Decimal("4.65"),
            four_from=Decimal("3.60"),
            three_from=Decimal("2.60"),
        )
    )
    await session.flush()
    await session.commit()
    await rich_journal(session, world, 4)
    await _assert_equal(client, session, world)


async def test_indicators_at_exact_halves_round_up(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """The averages 4.40 and 4.50 (the results closed at 1 and 5) and two pupils closed at
    1 with no grades: average (4.40 + 4.50) / 2 = 4.45 → 4.5 and SOU (7 + 100 + 7 + 7) / 4
    = 30.25 → 30.3 — half up, where rounding to even would give 4.4 and 30.2."""
    types = {w.code: w.id for w in await grades_service.ensure_work_types(session, world.school.id)}
    held = await _lessons(session, world.class_b.id, world.algebra.id)
    extra = pupil_row(world.school, world.class_b, "Яковлев", "Ян")
    session.add(extra)
    await session.flush()
    for lesson, value in zip(held, (5, 4, 4, 4, 5), strict=False):  # 22 / 5 = 4.40
        session.add(_grade(lesson, world.pupil, value, types["answer"]))
    for lesson, value in zip(held, (5, 4), strict=False):  # 9 / 2 = 4.50
        session.add(_grade(lesson, world.own, value, types["answer"]))
    for student, value in ((world.pupil, 1), (world.own, 5), (world.classmate, 1), (extra, 1)):
        session.add(_term_grade(world, student, world.algebra, value))
    await session.flush()
    await session.commit()
    await _assert_equal(client, session, world)
    response = await client.get(
        f"/api/v1/classes/{world.class_b.id}/analytics", headers=world.admin.headers
    )
    algebra = next(s for s in response.json()["subjects"] if s["name"] == "Алгебра")
    assert (algebra["average"], algebra["sou"]) == (4.5, 30.3)
    assert algebra["distribution"] == {"5": 1, "4": 0, "3": 0, "2": 0, "1": 3}


@pytest.mark.parametrize(
    ("who", "path", "params", "status", "code"),
    [
        ("parent", "schools/{school}/analytics", {}, 403, "role_required"),
        ("teacher", "schools/{school}/journal-completeness", {}, 403, "role_required"),
        ("foreign_admin", "schools/{school}/analytics", {}, 404, "school_not_found"),
        (
            "foreign_admin",
            "schools/{school}/journal-completeness",
            {"from": "2026-11-09"},
            404,
            "school_not_found",
        ),
        ("teacher", "classes/{class_a}/analytics", {}, 404, "class_not_found"),
        ("admin", "classes/{class_b}/analytics", {"term_id": "{stranger}"}, 404, "term_not_found"),
        ("admin", "schools/{school}/analytics", {"term_id": "{stranger}"}, 404, "term_not_found"),
        (
            "admin",
            "schools/{school}/journal-completeness",
            {"from": "2026-11-09"},
            422,
            "period_incomplete",
        ),
        (
            "admin",
            "schools/{school}/journal-completeness",
            {"from": "2026-11-09", "to": "2026-11-01"},
            422,
            "period_order",
        ),
    ],
)
async def test_the_gate_refuses_as_the_routes_did(
    client: AsyncClient,
    world: World,
    who: str,
    path: str,
    params: dict[str, str],
    status: int,
    code: str,
) -> None:
    ids = {
        "school": str(world.school.id),
        "class_a": str(world.class_a.id),
        "class_b": str(world.class_b.id),
        "stranger": str(uuid.uuid4()),
    }
    person = world.people()[who]
    response = await client.get(
        "/api/v1/" + path.format(**ids),
        params={k: v.format(**ids) for k, v in params.items()},
        headers=person.headers,
    )
    assert (response.status_code, response.json().get("code")) == (status, code), response.text[
        :300
    ]


async def test_the_term_asked_for_else_the_latest_begun(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """As ``averages.resolve_term``: a first quarter before and a third after the world's
    second; no ``term_id`` — the latest begun by the school's today."""
    await class_b_journal(session, world)
    for number, starts_on, ends_on in (
        (1, date(2026, 9, 1), date(2026, 10, 25)),
        (3, date(2027, 1, 11), date(2027, 3, 21)),
    ):
        session.add(
            Term(
                id=uuid.uuid4(),
                school_id=world.school.id,
                academic_year_id=world.term.academic_year_id,
                kind=world.term.kind,
                number=number,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
    await session.flush()
    await session.commit()
    terms = await session.scalars(select(Term.id).where(Term.school_id == world.school.id))
    for term_id in [None, *terms]:
        period = await periods.term_period(session, world.school, term_id)
        params = {} if term_id is None else {"term_id": str(term_id)}
        response = await client.get(
            f"/api/v1/schools/{world.school.id}/analytics",
            params=params,
            headers=world.admin.headers,
        )
        assert response.status_code == 200, response.text
        expected = await reference.school_analytics(session, world.school, period)
        assert orjson.loads(response.content) == expected.model_dump(mode="json", by_alias=True)

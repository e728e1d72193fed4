"""The fast path returns exactly what the ORM reference computes from the same data."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.events.models import EventKind, SchoolEvent, SchoolEventClass
from api.diary.grades import service as grades_service
from api.diary.holidays.models import SchoolHoliday
from api.diary.homework.models import Homework, HomeworkCompletion
from api.diary.lessons.models import Lesson, LessonStatus
from tests.diary import reference
from tests.diary.world import MONDAY, WEEK, World, lesson_on, principal_of


async def fill_week(client: AsyncClient, session: AsyncSession, world: World) -> None:
    """Grades, homework, attendance, a cancelled and a substituted lesson in 2026-W48."""
    monday = await lesson_on(client, world.teacher, MONDAY)
    tuesday = await lesson_on(client, world.teacher, date(2026, 11, 24))
    pe = await lesson_on(client, world.other_teacher, MONDAY, number=2)
    for lesson, body in [
        (
            monday,
            [
                {"student_id": str(world.pupil.id), "value": 5, "work_type": "test"},
                {"student_id": str(world.pupil.id), "value": 4, "comment": "У доски"},
                {"student_id": str(world.own.id), "value": 2},
            ],
        ),
        (tuesday, [{"student_id": str(world.pupil.id), "value": 3, "work_type": "independent"}]),
    ]:
        response = await client.post(
            f"/api/v1/lessons/{lesson['id']}/grades", json=body, headers=world.teacher.headers
        )
        assert response.status_code == 201, response.text
    response = await client.post(
        f"/api/v1/lessons/{pe['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": "pass"}],
        headers=world.other_teacher.headers,
    )
    assert response.status_code == 201, response.text
    first = await session.get(Lesson, uuid.UUID(str(monday["id"])))
    assert first is not None
    homework = Homework(
        id=uuid.uuid4(),
        lesson_id=first.id,
        school_id=first.school_id,
        class_id=first.class_id,
        subject_id=first.subject_id,
        teacher_id=world.teacher.id,
        text="№ 12, 14",
        due_date=date(2026, 11, 25),
        attachments=[{"name": "Учебник", "url": "https://example.org/book.pdf"}],
    )
    session.add(homework)
    await session.flush()
    session.add(HomeworkCompletion(homework_id=homework.id, student_id=world.pupil.id))
    session.add(
        AttendanceMark(
            id=uuid.uuid4(),
            lesson_id=first.id,
            student_id=world.pupil.id,
            date=first.date,
            status=AttendanceStatus.late,
            minutes_late=7,
            reason="Автобус",
            marked_by=world.teacher.id,
        )
    )
    wednesday = await session.scalar(
        select(Lesson).where(
            Lesson.class_id == world.class_b.id,
            Lesson.date == date(2026, 11, 25),
            Lesson.number == 1,
        )
    )
    thursday = await session.scalar(
        select(Lesson).where(
            Lesson.class_id == world.class_b.id,
            Lesson.date == date(2026, 11, 26),
            Lesson.number == 2,
        )
    )
    assert wednesday is not None
    assert thursday is not None
    wednesday.status = LessonStatus.cancelled
    thursday.substitute_teacher_id = world.class_teacher.id
    # Events: a school-wide one, one of 9-А only, a 9-Б day off, a planned test on
    # Thursday's algebra and one on the cancelled Wednesday lesson (not shown).
    tests = await grades_service.ensure_work_types(session, world.school.id)
    test = next(w for w in tests if w.code == "test")
    algebra_thursday = await session.scalar(
        select(Lesson).where(
            Lesson.class_id == world.class_b.id,
            Lesson.date == date(2026, 11, 26),
            Lesson.number == 1,
        )
    )
    assert algebra_thursday is not None
    algebra_thursday.planned_work_type_id = test.id
    wednesday.planned_work_type_id = test.id
    session.add_all(
        [
            SchoolEvent(
                id=uuid.uuid4(),
                school_id=world.school.id,
                whole_school=True,
                kind=EventKind.event,
                title="Концерт",
                starts_at=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
                ends_at=datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
                place="Актовый зал",
            ),
            SchoolHoliday(
                id=uuid.uuid4(),
                school_id=world.school.id,
                class_id=world.class_b.id,
                name="Карантин",
                starts_on=date(2026, 11, 28),
                ends_on=date(2026, 12, 2),
            ),
        ]
    )
    only_a = SchoolEvent(
        id=uuid.uuid4(),
        school_id=world.school.id,
        whole_school=False,
        kind=EventKind.parent_meeting,
        title="Собрание 9-А",
        starts_at=datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 24, 16, 0, tzinfo=UTC),
    )
    session.add(only_a)
    await session.flush()
    session.add(SchoolEventClass(event_id=only_a.id, class_id=world.class_a.id))
    await session.commit()


ROLES = ["parent", "student", "teacher", "other_teacher", "class_teacher", "admin"]


@pytest.mark.parametrize("role", ROLES)
async def test_week_diary_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await fill_week(client, session, world)
    person = world.people()[role]
    student = world.own if role == "student" else world.pupil

    fast = await client.get(
        f"/api/v1/students/{student.id}/diary", params={"week": WEEK}, headers=person.headers
    )
    expected = await reference.week_diary(session, principal_of(person), student.id, MONDAY, WEEK)

    assert fast.status_code == 200, fast.text
    assert fast.headers["content-type"] == "application/json"
    assert orjson.loads(fast.content) == expected.model_dump(mode="json")
    lessons = [lesson for day in fast.json()["days"] for lesson in day["lessons"]]
    assert lessons, "the week has lessons"
    titles = [e["title"] for e in fast.json()["events"]]
    if role == "other_teacher":  # teaches PE in 9-Б: the algebra test is not theirs to see
        assert titles == ["Концерт", "Карантин"]
    else:
        assert titles == ["Концерт", "Контрольная работа: Алгебра", "Карантин"]


async def test_diary_content_as_a_parent_sees_it(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await fill_week(client, session, world)

    diary = (
        await client.get(
            f"/api/v1/students/{world.pupil.id}/diary",
            params={"week": WEEK},
            headers=world.parent.headers,
        )
    ).json()

    assert diary["week"] == WEEK
    assert next(d["date"] for d in diary["days"]) == "2026-11-23"
    assert len(diary["days"]) == 7
    monday = diary["days"][0]["lessons"]
    assert [(lesson["number"], lesson["subject"]["name"]) for lesson in monday] == [
        (1, "Алгебра"),
        (2, "Физическая культура"),
    ]
    algebra = monday[0]
    assert [g["value"] for g in algebra["grades"]] in ([5, 4], [4, 5])
    assert diary["days"][2]["lessons"][0]["homework"][0]["done"] is True  # due on Wednesday
    assert algebra["attendance"] == {"status": "late", "minutes_late": 7, "reason": "Автобус"}
    assert algebra["starts_at"] == "2026-11-23T08:30:00+03:00"
    assert monday[1]["grades"][0]["value"] == "pass"
    assert diary["days"][2]["lessons"][0]["status"] == "cancelled"
    assert diary["days"][3]["lessons"][1]["substitute_teacher"]["id"] == str(world.class_teacher.id)
    assert diary["days"][5]["lessons"] == []


async def test_subject_teacher_sees_only_their_subject(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await fill_week(client, session, world)

    diary = (
        await client.get(
            f"/api/v1/students/{world.pupil.id}/diary",
            params={"week": WEEK},
            headers=world.teacher.headers,
        )
    ).json()

    subjects = {lesson["subject"]["name"] for day in diary["days"] for lesson in day["lessons"]}
    assert subjects == {"Алгебра"}


PARAMS: list[dict[str, str | int]] = [
    {},
    {"from": "2026-11-24"},
    {"to": "2026-11-23", "limit": 1, "offset": 1},
    {"subject": "pe"},
]


@pytest.mark.parametrize("role", ROLES)
async def test_grade_list_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await fill_week(client, session, world)
    person = world.people()[role]
    student = world.own if role == "student" else world.pupil
    for params in PARAMS:
        query: dict[str, str | int] = {k: v for k, v in params.items() if k != "subject"}
        if params.get("subject") == "pe":
            query["subject_id"] = str(world.pe.id)

        fast = await client.get(
            f"/api/v1/students/{student.id}/grades", params=query, headers=person.headers
        )
        items, total = await reference.grade_list(
            session,
            principal_of(person),
            student.id,
            start=date.fromisoformat(str(query["from"])) if "from" in query else None,
            end=date.fromisoformat(str(query["to"])) if "to" in query else None,
            subject_id=world.pe.id if "subject_id" in query else None,
            limit=int(str(query.get("limit", 50))),
            offset=int(str(query.get("offset", 0))),
        )

        assert fast.status_code == 200, fast.text
        expected = {
            "items": [i.model_dump(mode="json") for i in items],
            "total": total,
            "limit": int(str(query.get("limit", 50))),
            "offset": int(str(query.get("offset", 0))),
        }
        assert orjson.loads(fast.content) == expected, params


async def test_grade_post_returns_what_the_orm_reads_back(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 5, "comment": "Молодец"}],
        headers=world.teacher.headers,
    )

    items, _ = await reference.grade_list(
        session,
        principal_of(world.teacher),
        world.pupil.id,
        start=None,
        end=None,
        subject_id=None,
        limit=10,
        offset=0,
    )

    assert response.status_code == 201
    [recorded] = response.json()
    # The post also says whether the pupil was marked «Н» (docs/diary.md); the rest is the grade.
    assert recorded.pop("absent") is False
    assert [recorded] == [items[0].model_dump(mode="json")]

"""The teacher's bulk grade entry: validation, scoping, upserts, history, notifications."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades.models import GradeChange
from api.notifications.models import Notification
from tests.diary.world import MONDAY, World, lesson_on


async def post(
    client: AsyncClient, world: World, lesson_id: object, body: object
) -> tuple[int, object]:
    response = await client.post(
        f"/api/v1/lessons/{lesson_id}/grades", json=body, headers=world.teacher.headers
    )
    return response.status_code, response.json()


async def test_teacher_records_grades_and_family_is_notified(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    status, body = await post(
        client,
        world,
        lesson["id"],
        [
            {
                "student_id": str(world.pupil.id),
                "value": 5,
                "work_type": "test",
                "comment": "Отлично",
            },
            {"student_id": str(world.own.id), "value": 3},
        ],
    )

    assert status == 201, body
    assert isinstance(body, list)
    assert [(g["student_id"], g["value"], g["work_type"]["code"]) for g in body] == [
        (str(world.pupil.id), 5, "test"),
        (str(world.own.id), 3, "answer"),
    ]
    assert body[0]["work_type"] == {"code": "test", "name": "Контрольная работа", "weight": 2.0}
    assert body[0]["teacher"]["name"].startswith("Соколова Анна")
    feed = await client.get("/api/v1/notifications", headers=world.parent.headers)
    assert feed.json()["unread"] == 1
    item = feed.json()["items"][0]
    assert (item["kind"], item["title"]) == ("grade", "Новая оценка: 5")
    assert item["body"] == "Пётр: Алгебра, 23.11, Контрольная работа. Отлично"
    assert item["link"] == f"/students/{world.pupil.id}/diary?week=2026-W48"
    student_feed = await client.get("/api/v1/notifications", headers=world.student.headers)
    assert student_feed.json()["items"][0]["title"] == "Новая оценка: 3"


async def test_a_second_post_corrects_the_grade_and_keeps_history(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    _, first = await post(
        client, world, lesson["id"], [{"student_id": str(world.pupil.id), "value": 4}]
    )
    _, again = await post(
        client, world, lesson["id"], [{"student_id": str(world.pupil.id), "value": 4}]
    )
    status, second = await post(
        client, world, lesson["id"], [{"student_id": str(world.pupil.id), "value": 5}]
    )

    assert status == 201
    assert isinstance(first, list)
    assert isinstance(second, list)
    assert isinstance(again, list)
    assert second[0]["id"] == first[0]["id"] == again[0]["id"]
    changes = (
        await session.scalars(
            select(GradeChange)
            .where(GradeChange.grade_id == first[0]["id"])
            .order_by(GradeChange.id)
        )
    ).all()
    assert [(c.action, c.old_value, c.new_value) for c in changes] == [
        ("created", None, "4"),
        ("changed", "4", "5"),
    ]
    history = await client.get(
        f"/api/v1/students/{world.pupil.id}/grade-history", headers=world.parent.headers
    )
    assert history.status_code == 200, history.text
    assert next((h["action"], h["old_value"], h["new_value"]) for h in history.json()["items"]) in {
        ("changed", "4", "5"),
        ("created", None, "4"),
    }
    assert history.json()["items"][0]["changed_by"]["id"] == str(world.teacher.id)
    titles = [
        n.title
        for n in await session.scalars(
            select(Notification)
            .where(Notification.account_id == world.parent.id)
            .order_by(Notification.title)
        )
    ]
    assert titles == ["Новая оценка: 4", "Оценка изменена: 5"]


async def test_out_of_range_grade_names_the_item(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    status, body = await post(
        client,
        world,
        lesson["id"],
        [
            {"student_id": str(world.pupil.id), "value": 5},
            {"student_id": str(world.own.id), "value": 6},
        ],
    )

    assert status == 422
    assert isinstance(body, dict)
    assert [e["field"] for e in body["errors"]] == ["1.value"]


async def test_student_of_another_class_is_refused(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    status, body = await post(
        client, world, lesson["id"], [{"student_id": str(world.stranger.id), "value": 5}]
    )

    assert status == 422
    assert isinstance(body, dict)
    assert body["errors"][0] == {
        "field": "0.student_id",
        "code": "student_not_in_class",
        "message": "Этот ученик не учится в классе урока",
    }


async def test_lesson_of_another_teacher_answers_404(client: AsyncClient, world: World) -> None:
    foreign = await lesson_on(client, world.other_teacher, MONDAY)  # 9-А algebra

    status, body = await post(
        client, world, foreign["id"], [{"student_id": str(world.stranger.id), "value": 5}]
    )

    assert status == 404
    assert isinstance(body, dict)
    assert body["code"] == "lesson_not_found"


async def test_pass_fail_subject_takes_pass_or_fail(client: AsyncClient, world: World) -> None:
    pe = await lesson_on(client, world.other_teacher, MONDAY, number=2)
    headers = world.other_teacher.headers
    url = f"/api/v1/lessons/{pe['id']}/grades"

    wrong = await client.post(
        url, json=[{"student_id": str(world.pupil.id), "value": 5}], headers=headers
    )
    right = await client.post(
        url, json=[{"student_id": str(world.pupil.id), "value": "pass"}], headers=headers
    )

    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "0.value"
    assert right.status_code == 201, right.text
    assert right.json()[0]["value"] == "pass"


async def test_parents_cannot_record_grades(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 5}],
        headers=world.parent.headers,
    )

    assert response.status_code == 403


async def test_unknown_work_type_and_duplicates_are_refused(
    client: AsyncClient, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    status, body = await post(
        client,
        world,
        lesson["id"],
        [
            {"student_id": str(world.pupil.id), "value": 5, "work_type": "olympiad"},
            {"student_id": str(world.own.id), "value": 5},
            {"student_id": str(world.own.id), "value": 4},
        ],
    )

    assert status == 422
    assert isinstance(body, dict)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("0.work_type", "work_type_unknown"),
        ("2.student_id", "duplicate"),
    ]

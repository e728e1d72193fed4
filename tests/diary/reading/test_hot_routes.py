"""The week diary, the grade list and the bulk grade post — the routes on the hot pool —
answer every caller, error and token state as the contract says.

(These were the hot lane's equality tests; the lane is gone and its cases test the routes.)"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.delivery.models import OutboundMessage
from api.diary.grades.models import Grade, GradeChange
from api.identity import clock
from api.notifications.models import Notification
from tests.diary.reading.test_statements import fill_week
from tests.diary.world import MONDAY, WEEK, World, lesson_on
from tests.factories import revoke_sessions


def student_reads(world: World) -> list[tuple[str, dict[str, str]]]:
    pupil = world.pupil.id
    return [
        (f"/api/v1/students/{pupil}/diary", {"week": WEEK}),
        (f"/api/v1/students/{pupil}/diary", {}),
        (f"/api/v1/students/{pupil}/grades", {}),
        (f"/api/v1/students/{pupil}/grades", {"from": "2026-11-24", "to": "2026-11-30"}),
        (f"/api/v1/students/{pupil}/grades", {"subject_id": str(world.pe.id), "limit": "1"}),
        (f"/api/v1/students/{pupil}/grades", {"offset": "1"}),
    ]


async def test_reads_answer_family_teacher_and_admin(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await fill_week(client, session, world)
    for path, params in student_reads(world):
        for person in (world.parent, world.teacher, world.admin):
            response = await client.get(path, params=params, headers=person.headers)

            assert response.status_code == 200, (path, params, response.text)
            assert response.headers["content-type"] == "application/json"
            assert response.headers["x-request-id"]
            assert orjson.loads(response.content)
    grades = (
        await client.get(f"/api/v1/students/{world.pupil.id}/grades", headers=world.parent.headers)
    ).json()
    assert grades["total"] == 4
    assert {g["value"] for g in grades["items"]} == {5, 4, 3, "pass"}


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/api/v1/students/{stranger}/diary", {"week": WEEK}, 404, "student_not_found"),
        ("/api/v1/students/{pupil}/diary", {"week": "2026-W60"}, 422, "week_invalid"),
        ("/api/v1/students/{pupil}/diary", {"week": "48"}, 422, None),
        ("/api/v1/students/{pupil}/grades", {"limit": "0"}, 422, None),
        ("/api/v1/students/{pupil}/grades", {"from": "вчера"}, 422, None),
        ("/api/v1/students/{pupil}/grades", {"subject_id": "x"}, 422, None),
        ("/api/v1/students/{PUPIL}/grades", {}, 200, None),
    ],
)
async def test_reads_answer_errors_and_unusual_input(
    client: AsyncClient,
    world: World,
    path: str,
    params: dict[str, str],
    status: int,
    code: str | None,
) -> None:
    url = path.format(
        pupil=world.pupil.id, stranger=world.stranger.id, PUPIL=str(world.pupil.id).upper()
    )
    response = await client.get(url, params=params, headers=world.parent.headers)

    assert response.status_code == status, response.text
    if status != 200:
        assert response.headers["content-type"] == "application/problem+json"
    if code is not None:
        assert response.json()["code"] == code


async def test_missing_bad_and_revoked_tokens_are_refused(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    url = f"/api/v1/students/{world.pupil.id}/diary"
    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, headers={"Authorization": "Bearer x.y.z"})).status_code == 401
    assert (await client.get(url, headers=world.parent.headers)).status_code == 200

    await revoke_sessions(session, world.parent.id)
    await session.commit()
    revoked = await client.get(url, headers=world.parent.headers)

    assert revoked.status_code == 401, "a cached token does not outlive its session"
    assert revoked.headers["content-type"] == "application/problem+json"
    assert revoked.json()["code"] == "token_invalid"


async def test_cached_token_is_not_used_after_it_expires(
    client: AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"/api/v1/students/{world.pupil.id}/grades"
    assert (await client.get(url, headers=world.parent.headers)).status_code == 200
    later = clock.now() + timedelta(hours=1)
    monkeypatch.setattr(clock, "now", lambda: later)

    expired = await client.get(url, headers=world.parent.headers)

    assert expired.status_code == 401
    assert expired.json()["code"] == "token_expired", "the cache re-checks expiry on each use"


async def test_grade_post_records_grades_history_and_notifications(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    monday = await lesson_on(client, world.teacher, MONDAY)
    tuesday = await lesson_on(client, world.teacher, date(2026, 11, 24))
    body = [
        {"student_id": str(world.pupil.id), "value": 5, "work_type": "test", "comment": "Молодец"},
        {"student_id": str(world.own.id), "value": 3},
    ]
    # The school's first post creates its work types; the second finds them.
    first = await client.post(
        f"/api/v1/lessons/{tuesday['id']}/grades", json=body, headers=world.teacher.headers
    )

    second = await client.post(
        f"/api/v1/lessons/{monday['id']}/grades", json=body, headers=world.teacher.headers
    )

    assert first.status_code == second.status_code == 201, second.text
    strip = {"id", "lesson_id", "date", "created_at", "updated_at"}
    assert [{k: v for k, v in g.items() if k not in strip} for g in second.json()] == [
        {k: v for k, v in g.items() if k not in strip} for g in first.json()
    ]
    assert [g["value"] for g in second.json()] == [5, 3]
    stored = (
        await session.scalars(select(Grade).where(Grade.lesson_id == uuid.UUID(str(monday["id"]))))
    ).all()
    assert sorted((g.student_id, g.score, g.comment) for g in stored) == sorted(
        [(world.pupil.id, 5, "Молодец"), (world.own.id, 3, None)]
    )
    history = await session.scalar(
        select(func.count())
        .select_from(GradeChange)
        .where(GradeChange.grade_id.in_([g.id for g in stored]))
    )
    assert history == 2
    notified = (
        await session.scalars(
            select(Notification.title).where(
                Notification.account_id == world.parent.id, Notification.kind == "grade"
            )
        )
    ).all()
    assert notified.count("Новая оценка: 5") == 2, "one from each post"


@pytest.mark.parametrize(
    ("who", "body", "status", "code"),
    [
        ("teacher", [{"student_id": "{stranger}", "value": 5}], 422, "grades_invalid"),
        ("teacher", [{"student_id": "{pupil}", "value": 6}], 422, None),
        ("teacher", [{"student_id": "{pupil}", "value": "pass"}], 422, "grades_invalid"),
        ("teacher", [], 422, None),
        ("other_teacher", [{"student_id": "{pupil}", "value": 5}], 404, "lesson_not_found"),
        ("parent", [{"student_id": "{pupil}", "value": 5}], 403, "role_required"),
    ],
)
async def test_refused_grade_posts_write_nothing(
    client: AsyncClient,
    session: AsyncSession,
    world: World,
    who: str,
    body: list[dict[str, Any]],
    status: int,
    code: str | None,
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    text = orjson.dumps(body).decode()
    text = text.replace("{stranger}", str(world.stranger.id)).replace(
        "{pupil}", str(world.pupil.id)
    )

    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        content=text,
        headers={**world.people()[who].headers, "Content-Type": "application/json"},
    )

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if code is not None:
        assert response.json()["code"] == code
    written = await session.scalar(
        select(func.count())
        .select_from(Grade)
        .where(Grade.lesson_id == uuid.UUID(str(lesson["id"])))
    )
    assert written == 0, "a refused post writes nothing"


async def test_grade_post_texts_families_who_asked_for_grade_sms(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    settings = await client.put(
        "/api/v1/notifications/settings",
        json={"sms": ["grade"], "email": []},
        headers=world.parent.headers,
    )
    assert settings.status_code == 200, settings.text
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 4}],
        headers=world.teacher.headers,
    )

    assert response.status_code == 201, response.text
    sms = (
        await session.scalars(
            select(OutboundMessage.body).where(
                OutboundMessage.recipient == world.parent.account.phone
            )
        )
    ).all()
    assert any("Новая оценка: 4" in text for text in sms)
    count = await session.scalar(
        select(func.count())
        .select_from(Grade)
        .where(Grade.lesson_id == uuid.UUID(str(lesson["id"])))
    )
    assert count == 1


async def test_grade_post_with_form_body_is_refused(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        content=b"student_id=1&value=5",
        headers={**world.teacher.headers, "Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"

"""The hot lane answers exactly as the router does, serves the common case itself and
leaves every error and unusual request to the router."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import orjson
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Receive, Scope, Send

from api.config import Settings
from api.delivery.models import OutboundMessage
from api.diary.fastpath.lane import HotLane
from api.diary.grades.models import Grade, GradeChange
from api.identity import clock
from api.identity.models import RefreshSession
from api.main import create_app
from api.notifications.models import Notification
from tests.diary.fastpath.test_fastpath import fill_week
from tests.diary.world import MONDAY, WEEK, World, lesson_on


class Router:
    """Counts the requests the lane passed on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


def router_behind_lane(app: FastAPI) -> Router:
    node: Any = app.middleware_stack
    while not isinstance(node, HotLane):
        node = node.app
    counter = Router(node.app)
    node.app = counter
    return counter


@pytest.fixture
async def laneless(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    """The same app with the lane switched off: every request goes through the router."""
    app = create_app(settings.model_copy(update={"hot_lane": False}), manage_database=False)
    app.state.sessionmaker = sessionmaker
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def lane_app(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[tuple[AsyncClient, Router]]:
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        await client.get("/api/v1/health")  # builds the middleware stack
        yield client, router_behind_lane(app)


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


async def test_lane_serves_reads_equal_to_the_router(
    lane_app: tuple[AsyncClient, Router],
    laneless: AsyncClient,
    session: AsyncSession,
    world: World,
) -> None:
    client, router = lane_app
    await fill_week(client, session, world)
    router.calls = 0
    for path, params in student_reads(world):
        for person in (world.parent, world.teacher, world.admin):
            fast = await client.get(path, params=params, headers=person.headers)
            routed = await laneless.get(path, params=params, headers=person.headers)

            assert fast.status_code == routed.status_code == 200, (path, params, fast.text)
            assert orjson.loads(fast.content) == orjson.loads(routed.content)
            assert fast.headers["content-type"] == routed.headers["content-type"]
            assert fast.headers["x-request-id"]
    assert router.calls == 0, "the lane answered every well-formed read itself"
    grades = (
        await client.get(f"/api/v1/students/{world.pupil.id}/grades", headers=world.parent.headers)
    ).json()
    assert grades["total"] == 4
    assert {g["value"] for g in grades["items"]} == {5, 4, 3, "pass"}


def strip_ids(problem: Any) -> Any:
    """A problem without its per-request ``instance`` and ``request_id``."""
    if isinstance(problem, dict):
        return {k: v for k, v in problem.items() if k not in ("instance", "request_id")}
    return problem


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
async def test_lane_leaves_errors_and_unusual_reads_to_the_router(
    lane_app: tuple[AsyncClient, Router],
    laneless: AsyncClient,
    world: World,
    path: str,
    params: dict[str, str],
    status: int,
    code: str | None,
) -> None:
    client, router = lane_app
    url = path.format(
        pupil=world.pupil.id, stranger=world.stranger.id, PUPIL=str(world.pupil.id).upper()
    )
    fast = await client.get(url, params=params, headers=world.parent.headers)
    routed = await laneless.get(url, params=params, headers=world.parent.headers)

    assert fast.status_code == routed.status_code == status, fast.text
    assert strip_ids(fast.json()) == strip_ids(routed.json())
    assert router.calls == 1
    if code is not None:
        assert fast.headers["content-type"] == "application/problem+json"
        assert fast.json()["code"] == code


async def test_lane_leaves_missing_bad_and_revoked_tokens_to_the_router(
    lane_app: tuple[AsyncClient, Router], session: AsyncSession, world: World
) -> None:
    client, router = lane_app
    url = f"/api/v1/students/{world.pupil.id}/diary"
    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, headers={"Authorization": "Bearer x.y.z"})).status_code == 401
    assert (await client.get(url, headers=world.parent.headers)).status_code == 200
    assert router.calls == 2

    await session.execute(
        update(RefreshSession)
        .where(RefreshSession.account_id == world.parent.id)
        .values(revoked_at=func.now())
    )
    await session.commit()
    revoked = await client.get(url, headers=world.parent.headers)

    assert revoked.status_code == 401, "a cached token does not outlive its session"
    assert revoked.headers["content-type"] == "application/problem+json"
    assert router.calls == 3


async def test_cached_token_is_not_used_after_it_expires(
    lane_app: tuple[AsyncClient, Router], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, router = lane_app
    url = f"/api/v1/students/{world.pupil.id}/grades"
    assert (await client.get(url, headers=world.parent.headers)).status_code == 200
    later = clock.now() + timedelta(hours=1)
    monkeypatch.setattr(clock, "now", lambda: later)

    expired = await client.get(url, headers=world.parent.headers)

    assert expired.status_code == 401
    assert router.calls == 1


async def test_lane_records_grades_as_the_router_does(
    lane_app: tuple[AsyncClient, Router],
    laneless: AsyncClient,
    session: AsyncSession,
    world: World,
) -> None:
    client, router = lane_app
    monday = await lesson_on(client, world.teacher, MONDAY)
    tuesday = await lesson_on(client, world.teacher, date(2026, 11, 24))
    body = [
        {"student_id": str(world.pupil.id), "value": 5, "work_type": "test", "comment": "Молодец"},
        {"student_id": str(world.own.id), "value": 3},
    ]
    # The school's first post creates its work types: that one is the service's.
    routed = await laneless.post(
        f"/api/v1/lessons/{tuesday['id']}/grades", json=body, headers=world.teacher.headers
    )
    router.calls = 0

    fast = await client.post(
        f"/api/v1/lessons/{monday['id']}/grades", json=body, headers=world.teacher.headers
    )

    assert fast.status_code == routed.status_code == 201, fast.text
    assert router.calls == 0
    strip = {"id", "lesson_id", "date", "created_at", "updated_at"}
    assert [{k: v for k, v in g.items() if k not in strip} for g in fast.json()] == [
        {k: v for k, v in g.items() if k not in strip} for g in routed.json()
    ]
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
    assert notified.count("Новая оценка: 5") == 2, "one from each path"


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
async def test_lane_leaves_refused_grade_posts_to_the_router(
    lane_app: tuple[AsyncClient, Router],
    session: AsyncSession,
    world: World,
    who: str,
    body: list[dict[str, Any]],
    status: int,
    code: str | None,
) -> None:
    client, router = lane_app
    lesson = await lesson_on(client, world.teacher, MONDAY)
    router.calls = 0
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
    assert router.calls == 1
    written = await session.scalar(
        select(func.count())
        .select_from(Grade)
        .where(Grade.lesson_id == uuid.UUID(str(lesson["id"])))
    )
    assert written == 0, "a refused post writes nothing"


async def test_grade_post_for_families_with_grade_sms_goes_through_the_service(
    lane_app: tuple[AsyncClient, Router], session: AsyncSession, world: World
) -> None:
    client, router = lane_app
    settings = await client.put(
        "/api/v1/notifications/settings",
        json={"sms": ["grade"], "email": []},
        headers=world.parent.headers,
    )
    assert settings.status_code == 200, settings.text
    lesson = await lesson_on(client, world.teacher, MONDAY)
    router.calls = 0

    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 4}],
        headers=world.teacher.headers,
    )

    assert response.status_code == 201, response.text
    assert router.calls == 1, "declined before writing, recorded by the service"
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


async def test_grade_post_with_form_body_is_left_to_the_router(
    lane_app: tuple[AsyncClient, Router], world: World
) -> None:
    client, router = lane_app
    lesson = await lesson_on(client, world.teacher, MONDAY)
    router.calls = 0

    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        content=b"student_id=1&value=5",
        headers={**world.teacher.headers, "Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 422
    assert router.calls == 1

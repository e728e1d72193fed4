"""``GET /classes/{id}/grade-suggestions`` (one statement on the hot pool) answers what the
ORM reference reads — every field, number and instant as the response model wrote them —
to every caller and query."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.oneroster.models import SuggestionStatus
from tests.diary.world import MONDAY, World, lesson_on, principal_of
from tests.factories import revoke_sessions
from tests.oneroster import reference
from tests.oneroster.gradebook import (
    ensure_work_types,
    line_item_body,
    result_body,
    scheduled,
    work_type_id,
    writer,
)

ROLES = ["teacher", "other_teacher", "class_teacher", "admin", "foreign_admin"]


def exact(value: Any) -> str:
    """JSON text in which 92 and 92.0 differ, as they do on the wire."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


async def suggestions(client: AsyncClient, session: AsyncSession, world: World) -> list[str]:
    """Algebra 0–100: 92 → 5, 50 → 3, 62.5 → 4 (half up); PE pass/fail: " PASS " and an
    unusable text; a line item with an empty range. One algebra result is accepted."""
    await ensure_work_types(session, world)
    platform = await writer(client, world)
    test = await work_type_id(session, world, "test")
    algebra, pe, flat = (str(uuid.uuid4()) for _ in range(3))
    for item, body in (
        (algebra, line_item_body(world, test)),
        (pe, line_item_body(world, test, **{"class": {"sourcedId": scheduled(world, pe=True)}})),
        (flat, line_item_body(world, test, resultValueMin=5, resultValueMax=5)),
    ):
        made = await platform.put(f"/lineItems/{item}", body)
        assert made.status_code == 201, made.text
    ids = []
    for item, student, result in (
        (algebra, world.pupil, {"score": 92}),
        (algebra, world.own, {"score": 50, "scoreDate": "2026-11-12", "comment": None}),
        (algebra, world.classmate, {"score": 62.5}),
        (pe, world.pupil, {"score": None, "textScore": " PASS ", "scoreDate": "2026-11-09"}),
        (pe, world.own, {"score": None, "textScore": "почти"}),
        (flat, world.classmate, {"score": 5.25, "scoreDate": "2026-11-11"}),
    ):
        result_id = str(uuid.uuid4())
        put = await platform.put(f"/results/{result_id}", result_body(item, student.id, **result))
        assert put.status_code == 201, (result, put.text)
        ids.append(result_id)
    lesson = await lesson_on(client, world.teacher, MONDAY)
    accepted = await client.post(
        f"/api/v1/grade-suggestions/{ids[2]}/accept",
        json={"lesson_id": lesson["id"], "value": 4},
        headers=world.teacher.headers,
    )
    assert accepted.status_code == 200, accepted.text
    return ids


QUERIES: list[dict[str, str]] = [
    {},
    {"status": "accepted"},
    {"status": "rejected"},
    {"limit": "2", "offset": "1"},
    {"subject_id": "pe"},
]


@pytest.mark.parametrize("role", ROLES)
async def test_list_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await suggestions(client, session, world)
    person = world.people()[role]
    url = f"/api/v1/classes/{world.class_b.id}/grade-suggestions"
    seen = 0
    for query in QUERIES:
        params = dict(query)
        if params.get("subject_id") == "pe":
            params["subject_id"] = str(world.pe.id)
        answer = await client.get(url, params=params, headers=person.headers)
        expected = await reference.class_suggestions(
            session,
            principal_of(person),
            world.class_b.id,
            subject_id=uuid.UUID(params["subject_id"]) if "subject_id" in params else None,
            status=SuggestionStatus(params.get("status", "pending")),
            limit=int(params.get("limit", 50)),
            offset=int(params.get("offset", 0)),
        )
        if expected is None:
            assert answer.status_code == 404, answer.text
            assert answer.json()["code"] == "class_not_found"
            continue
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/json"
        assert exact(answer.json()) == exact(expected.model_dump(mode="json")), query
        seen += len(expected.items)
    if role in ("teacher", "class_teacher", "admin"):
        assert seen, "the caller sees some suggestions"


async def test_values_order_and_instants(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    ids = await suggestions(client, session, world)
    url = f"/api/v1/classes/{world.class_b.id}/grade-suggestions"

    pending = (await client.get(url, headers=world.class_teacher.headers)).json()
    accepted = (
        await client.get(url, params={"status": "accepted"}, headers=world.admin.headers)
    ).json()

    items = pending["items"]
    assert [i["id"] for i in items] == [ids[1], ids[5], ids[0], ids[4], ids[3]]
    assert [i["suggested_value"] for i in items] == [3, None, 5, None, "pass"]
    assert [exact(i["score"]) for i in items] == ["50.0", "5.25", "92.0", "null", "null"]
    assert exact(items[2]["line_item"]["result_value_max"]) == "100.0"
    assert items[2]["line_item"]["assign_date"] == "2026-11-09T08:30:00Z"
    assert items[2]["comment"] == "Решено 23 из 25"
    assert items[0]["comment"] is None
    assert items[0]["decided_at"] is None
    [done] = accepted["items"]
    assert (done["id"], done["suggested_value"], done["status"]) == (ids[2], 4, "accepted")
    assert done["grade_id"] is not None
    assert done["decided_at"].endswith("Z")
    assert accepted["total"] == 1


async def test_a_parent_is_refused_and_a_revoked_session_is_401(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    url = f"/api/v1/classes/{world.class_b.id}/grade-suggestions"
    parent = await client.get(url, headers=world.parent.headers)
    assert parent.status_code == 403
    assert parent.json()["code"] == "role_required"
    unknown = await client.get(
        f"/api/v1/classes/{uuid.uuid4()}/grade-suggestions", headers=world.teacher.headers
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "class_not_found"

    await revoke_sessions(session, world.teacher.id)
    await session.commit()
    revoked = await client.get(url, headers=world.teacher.headers)
    assert revoked.status_code == 401
    assert revoked.json()["code"] == "token_invalid"

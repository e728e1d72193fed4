"""The gradebook subset (contract §4.1, §4.3, §4.5): the journal's grades read as line items
and results; a platform's own line items and results written idempotently, refused on
the official journal and across schools; every write one audit row."""

from __future__ import annotations

import uuid
from decimal import Decimal

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.oneroster.models import ExternalLineItem, ExternalResult, SuggestionStatus
from api.oneroster.service import GRADEBOOK_DELETE, GRADEBOOK_READ, GRADEBOOK_WRITE, ROSTER_CORE
from tests.diary.world import World
from tests.oneroster.conftest import GRADEBOOK, minor, v5
from tests.oneroster.gradebook import (
    ensure_work_types,
    line_item_body,
    result_body,
    scheduled,
    teacher_grades,
    work_type_id,
    writer,
)


async def test_grades_read_as_line_items_and_results(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson, grades = await teacher_grades(
        client,
        world,
        [
            {
                "student_id": str(world.pupil.id),
                "value": 5,
                "work_type": "test",
                "comment": "Молодец",
            },
            {"student_id": str(world.classmate.id), "value": 4, "work_type": "test"},
            {"student_id": str(world.own.id), "value": 3},
        ],
    )
    test = await work_type_id(session, world, "test")
    answer = await work_type_id(session, world, "answer")
    reader = await writer(client, world, [GRADEBOOK_READ])

    items = (await reader.book("/lineItems")).json()["lineItems"]
    column = v5(f"lineItem:{lesson['id']}:{test}")
    assert {i["sourcedId"] for i in items} == {column, v5(f"lineItem:{lesson['id']}:{answer}")}
    item = next(i for i in items if i["sourcedId"] == column)
    assert item["title"].startswith("Алгебра ")
    assert item["title"].endswith(" — Контрольная работа")
    assert item["class"]["sourcedId"] == scheduled(world)
    assert item["category"]["sourcedId"] == str(test)
    assert item["gradingPeriod"]["sourcedId"] == v5(f"gradingPeriod:{world.term.id}")
    assert item["scoreScale"]["sourcedId"] == v5(f"scoreScale:{scheduled(world)}:five")
    assert (item["resultValueMin"], item["resultValueMax"]) == (1, 5)
    assert item["metadata"]["edudiary.lessonId"] == lesson["id"]

    results = (await reader.book(f"/classes/{scheduled(world)}/lineItems/{column}/results")).json()
    by_student = {r["student"]["sourcedId"]: r for r in results["results"]}
    assert set(by_student) == {str(world.pupil.id), str(world.classmate.id)}
    mine = by_student[str(world.pupil.id)]
    assert mine["score"] == 5
    assert mine["scoreStatus"] == "fully graded"
    assert mine["scoreDate"] == lesson["date"]
    assert mine["comment"] is None  # a grade's comment never leaves (§4.4)
    assert mine["sourcedId"] in {g["id"] for g in grades}

    pupil_results = await reader.book(
        f"/classes/{scheduled(world)}/students/{world.pupil.id}/results"
    )
    assert [r["sourcedId"] for r in pupil_results.json()["results"]] == [mine["sourcedId"]]
    filtered = await reader.book("/results", filter="scoreStatus='fully graded'", limit=2)
    assert filtered.headers["X-Total-Count"] == "3"
    assert len(filtered.json()["results"]) == 2
    single = await reader.book(f"/results/{mine['sourcedId']}")
    assert single.json()["result"]["lineItem"]["sourcedId"] == column

    categories = (await reader.book("/categories")).json()["categories"]
    assert {c["title"] for c in categories} >= {"Контрольная работа", "Ответ на уроке"}
    scales = (await reader.book(f"/classes/{scheduled(world, pe=True)}/scoreScales")).json()
    assert [s["type"] for s in scales["scoreScales"]] == ["passfail"]

    # A removed grade is a tombstone for delta queries, absent from default lists.
    removed = await client.delete(
        f"/api/v1/grades/{mine['sourcedId']}", headers=world.teacher.headers
    )
    assert removed.status_code == 204
    assert mine["sourcedId"] not in {
        r["sourcedId"] for r in (await reader.book("/results")).json()["results"]
    }
    delta = await reader.book("/results", filter="dateLastModified>'2000-01-01T00:00:00Z'")
    gone = next(r for r in delta.json()["results"] if r["sourcedId"] == mine["sourcedId"])
    assert gone["status"] == "tobedeleted"

    # The read of results is audited with the pupils it carried.
    audit = await session.scalars(
        select(AuditEvent).where(
            AuditEvent.object_type == "results", AuditEvent.action == "integration.read"
        )
    )
    assert any(str(world.pupil.id) in (a.details or {}).get("subject_ids", []) for a in audit)


async def test_the_read_of_one_result_is_audited_with_its_pupil(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """A result's sourcedId is its grade's: the audit row must name the pupil (§7)."""
    _lesson, grades = await teacher_grades(
        client, world, [{"student_id": str(world.pupil.id), "value": 5, "work_type": "test"}]
    )
    grade = grades[0]["id"]
    reader = await writer(client, world, [GRADEBOOK_READ])
    single = await reader.book(f"/results/{grade}")
    assert single.json()["result"]["student"]["sourcedId"] == str(world.pupil.id)

    rows = (
        await session.scalars(
            select(AuditEvent).where(
                AuditEvent.object_type == "results",
                AuditEvent.action == "integration.read",
                AuditEvent.object_id == uuid.UUID(grade),
            )
        )
    ).all()
    assert [r.details["subject_ids"] for r in rows] == [[str(world.pupil.id)]]


async def test_scopes_allow_and_refuse(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await ensure_work_types(session, world)
    roster_only = await writer(client, world, [ROSTER_CORE])
    refused = await roster_only.book("/lineItems")
    assert refused.status_code == 403
    assert minor(refused) == "forbidden"
    reader = await writer(client, world, [GRADEBOOK_READ])
    assert (await reader.book("/results")).status_code == 200
    put = await reader.put(f"/lineItems/{uuid.uuid4()}", {"lineItem": {}})
    assert put.status_code == 403
    only_put = await writer(client, world, [GRADEBOOK_WRITE])
    assert (await only_put.book("/lineItems")).status_code == 403
    assert (await only_put.delete(f"/lineItems/{uuid.uuid4()}")).status_code == 403
    deleter = await writer(client, world, [GRADEBOOK_DELETE])
    assert (await deleter.delete(f"/lineItems/{uuid.uuid4()}")).status_code == 404
    # A person's token is no platform.
    person = await client.get(f"{GRADEBOOK}/lineItems", headers=world.teacher.headers)
    assert person.status_code == 403
    assert minor(person) == "forbidden"


async def test_put_is_idempotent_and_a_change_is_a_new_suggestion(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await ensure_work_types(session, world)
    platform = await writer(client, world)
    test = await work_type_id(session, world, "test")
    item_id = str(uuid.uuid4())
    body = line_item_body(world, test)
    first = await platform.put(f"/lineItems/{item_id}", body)
    assert first.status_code == 201, first.text
    assert first.json()["lineItem"]["metadata"]["edudiary.owner"] == "client"
    again = await platform.put(f"/lineItems/{item_id}", body)
    assert again.status_code == 200
    assert again.json() == first.json()

    result_id = str(uuid.uuid4())
    result = result_body(item_id, world.pupil.id)
    made = await platform.put(f"/results/{result_id}", result)
    assert made.status_code == 201, made.text
    row = await session.get(ExternalResult, uuid.UUID(result_id))
    assert row is not None
    stamped = row.updated_at
    assert (row.score, row.status) == (Decimal(92), SuggestionStatus.pending)

    # The teacher rejects; the same body again changes nothing, the decision stands.
    rejected = await client.post(
        f"/api/v1/grade-suggestions/{result_id}/reject", headers=world.teacher.headers
    )
    assert rejected.status_code == 200, rejected.text
    same = await platform.put(f"/results/{result_id}", result)
    assert same.status_code == 200
    assert same.json() == made.json()
    await session.refresh(row)
    assert (row.updated_at, row.status) == (stamped, SuggestionStatus.rejected)

    # A changed score is a new suggestion.
    changed = await platform.put(
        f"/results/{result_id}", result_body(item_id, world.pupil.id, score=97)
    )
    assert changed.status_code == 200
    assert changed.json()["result"]["score"] == 97
    await session.refresh(row)
    assert row.status == SuggestionStatus.pending
    assert row.updated_at > stamped

    writes = await session.scalars(
        select(AuditEvent).where(AuditEvent.action == "integration.write")
    )
    kinds = [(w.object_type, w.object_id) for w in writes]
    assert kinds.count(("results", uuid.UUID(result_id))) == 3
    assert kinds.count(("lineItems", uuid.UUID(item_id))) == 2


async def test_validation_of_writes(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson, grades = await teacher_grades(
        client, world, [{"student_id": str(world.pupil.id), "value": 4, "work_type": "test"}]
    )
    test = await work_type_id(session, world, "test")
    platform = await writer(client, world)
    item_id = str(uuid.uuid4())
    assert (
        await platform.put(f"/lineItems/{item_id}", line_item_body(world, test))
    ).status_code == 201

    async def refused(path: str, body: dict[str, object], status: int, code: str) -> None:
        answer = await platform.put(path, body)
        assert answer.status_code == status, answer.text
        assert minor(answer) == code

    # The official journal is the teacher's: its line items and results are not writable.
    official = v5(f"lineItem:{lesson['id']}:{test}")
    await refused(f"/lineItems/{official}", line_item_body(world, test), 403, "forbidden")
    await refused(
        f"/results/{grades[0]['id']}", result_body(item_id, world.pupil.id), 403, "forbidden"
    )
    await refused(
        f"/results/{uuid.uuid4()}", result_body(official, world.pupil.id), 403, "forbidden"
    )
    # A pupil of another class of the school, a homeroom, bad ranges and dates, no score.
    await refused(
        f"/results/{uuid.uuid4()}", result_body(item_id, world.stranger.id), 422, "invaliddata"
    )
    homeroom = line_item_body(world, test, **{"class": {"sourcedId": str(world.class_b.id)}})
    await refused(f"/lineItems/{uuid.uuid4()}", homeroom, 422, "invaliddata")
    reversed_range = line_item_body(world, test, resultValueMin=10, resultValueMax=5)
    await refused(f"/lineItems/{uuid.uuid4()}", reversed_range, 422, "invaliddata")
    late = line_item_body(world, test, assignDate="2026-11-20T00:00:00Z")
    await refused(f"/lineItems/{uuid.uuid4()}", late, 422, "invaliddata")
    naive = line_item_body(world, test, dueDate="2026-11-20T00:00:00")
    await refused(f"/lineItems/{uuid.uuid4()}", naive, 422, "invaliddata")
    no_score = result_body(item_id, world.pupil.id, score=None)
    await refused(f"/results/{uuid.uuid4()}", no_score, 422, "invaliddata")
    status = result_body(item_id, world.pupil.id, scoreStatus="graded")
    await refused(f"/results/{uuid.uuid4()}", status, 422, "invaliddata")
    await refused("/results/not-a-uuid", result_body(item_id, world.pupil.id), 422, "invaliddata")
    # Extra credit above the maximum is a valid score.
    extra = await platform.put(
        f"/results/{uuid.uuid4()}", result_body(item_id, world.pupil.id, score=105.5)
    )
    assert extra.status_code == 201, extra.text
    assert extra.json()["result"]["score"] == 105.5
    # Nothing was written by the refused requests.
    stored = await session.scalars(
        select(ExternalResult).where(ExternalResult.line_item_id == uuid.UUID(item_id))
    )
    assert [r.score for r in stored] == [105.5]


async def test_another_school_is_unknown(
    client: AsyncClient, session: AsyncSession, world: World, foreign: World
) -> None:
    await teacher_grades(
        client, foreign, [{"student_id": str(foreign.pupil.id), "value": 5, "work_type": "test"}]
    )
    await ensure_work_types(session, world)
    ours = await writer(client, world)
    theirs = await writer(client, foreign)
    test = await work_type_id(session, world, "test")
    item_id = str(uuid.uuid4())
    assert (await ours.put(f"/lineItems/{item_id}", line_item_body(world, test))).status_code == 201
    result_id = str(uuid.uuid4())
    made = await ours.put(f"/results/{result_id}", result_body(item_id, world.pupil.id))
    assert made.status_code == 201

    foreign_items = (await theirs.book("/lineItems")).json()["lineItems"]
    foreign_results = (await theirs.book("/results")).json()["results"]
    assert foreign_items
    assert foreign_results
    foreign_item, foreign_result = foreign_items[0]["sourcedId"], foreign_results[0]["sourcedId"]
    unknown = [
        (theirs, f"/lineItems/{item_id}"),
        (theirs, f"/results/{result_id}"),
        (ours, f"/lineItems/{foreign_item}"),
        (ours, f"/results/{foreign_result}"),
        (ours, f"/classes/{scheduled(foreign)}/lineItems"),
        (ours, f"/classes/{scheduled(foreign)}/results"),
        (ours, f"/classes/{scheduled(foreign)}/scoreScales"),
        (ours, f"/classes/{scheduled(foreign)}/categories"),
        (ours, f"/classes/{scheduled(world)}/students/{foreign.pupil.id}/results"),
        (ours, f"/classes/{scheduled(world)}/lineItems/{foreign_item}/results"),
        (ours, f"/schools/{foreign.school.id}/scoreScales"),
        (ours, f"/categories/{await work_type_id(session, foreign, 'test')}"),
    ]
    for reader, path in unknown:
        answer = await reader.book(path)
        assert answer.status_code == 404, path
        assert minor(answer) == "unknownobject"
    # Writing into another school: its class, its pupil, our objects → 404; nothing written.
    foreign_test = await work_type_id(session, foreign, "test")
    into_class = line_item_body(foreign, foreign_test)
    assert (await ours.put(f"/lineItems/{uuid.uuid4()}", into_class)).status_code == 404
    their_pupil = result_body(item_id, foreign.pupil.id)
    assert (await ours.put(f"/results/{uuid.uuid4()}", their_pupil)).status_code == 404
    assert (await theirs.put(f"/lineItems/{item_id}", into_class)).status_code == 404
    assert (await theirs.delete(f"/results/{result_id}")).status_code == 404
    count = await session.scalar(
        select(ExternalLineItem.id).where(ExternalLineItem.school_id == foreign.school.id)
    )
    assert count is None


async def test_delete_makes_tombstones(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await ensure_work_types(session, world)
    platform = await writer(client, world)
    other = await writer(client, world)
    test = await work_type_id(session, world, "test")
    item_id = str(uuid.uuid4())
    assert (
        await platform.put(f"/lineItems/{item_id}", line_item_body(world, test))
    ).status_code == 201
    result_id = str(uuid.uuid4())
    assert (
        await platform.put(f"/results/{result_id}", result_body(item_id, world.pupil.id))
    ).status_code == 201
    # Another platform of the same school may read it but not change it.
    assert (await other.delete(f"/lineItems/{item_id}")).status_code == 403
    assert (
        await other.put(f"/results/{result_id}", result_body(item_id, world.pupil.id))
    ).status_code == 403

    assert (await platform.delete(f"/lineItems/{item_id}")).status_code == 204
    assert (await platform.delete(f"/lineItems/{item_id}")).status_code == 404
    listed = (await platform.book("/lineItems")).json()["lineItems"]
    assert item_id not in {i["sourcedId"] for i in listed}
    delta = await platform.book("/results", filter="status='tobedeleted'")
    assert [r["sourcedId"] for r in delta.json()["results"]] == [result_id]
    assert delta.json()["results"][0] == {
        "sourcedId": result_id,
        "status": "tobedeleted",
        "dateLastModified": delta.json()["results"][0]["dateLastModified"],
    }
    row = await session.get(ExternalResult, uuid.UUID(result_id))
    assert row is not None
    await session.refresh(row)
    assert row.deleted_at is not None
    # The teacher no longer sees it.
    pending = await client.get(
        f"/api/v1/classes/{world.class_b.id}/grade-suggestions", headers=world.teacher.headers
    )
    assert pending.json()["total"] == 0

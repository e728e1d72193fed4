"""Delta sync (contract §4.2): removals become tombstones that only delta queries see;
changes move ``dateLastModified``."""

from __future__ import annotations

import uuid
from datetime import UTC

from httpx import AsyncClient
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.lessons.models import Lesson
from api.diary.structure.models import Student, Subject
from api.oneroster.models import Tombstone
from api.oneroster.service import GRADEBOOK_READ
from api.schools.models import School
from tests.diary.world import World
from tests.oneroster.conftest import Platform, v5
from tests.oneroster.gradebook import teacher_grades, work_type_id, writer


async def _now(session: AsyncSession) -> str:
    """A moment just before now, at the precision the API shows (milliseconds): what a
    client would hold as the newest ``dateLastModified`` it had seen."""
    moment = await session.scalar(text("SELECT clock_timestamp() - interval '1 millisecond'"))
    assert moment is not None
    return str(moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"))


async def test_a_delta_from_the_newest_date_seen_is_empty_when_nothing_changed(
    full: Platform, world: World
) -> None:
    """The world is written in one transaction, so its rows share one timestamp to the
    microsecond; asked for what changed after the newest one it was shown, the client
    gets nothing back (found running examples/edudiary_sync.py against the demo)."""
    for key in ("users", "classes", "enrollments"):
        path = f"/{key}"
        rows = await full.items(path, key, limit=1000)
        newest = max(row["dateLastModified"] for row in rows)
        assert await full.items(path, key, filter=f"dateLastModified>'{newest}'") == []
        same = await full.items(path, key, filter=f"dateLastModified>='{newest}'")
        assert {r["sourcedId"] for r in same} == {
            r["sourcedId"] for r in rows if r["dateLastModified"] == newest
        }


async def test_a_removed_pupil_is_a_tombstone_for_delta_queries_only(
    full: Platform, world: World, session: AsyncSession
) -> None:
    since = await _now(session)
    await session.execute(delete(Student).where(Student.id == world.classmate.id))
    await session.commit()
    gone = str(world.classmate.id)

    plain = await full.items("/users", "users", limit=1000)
    assert gone not in {u["sourcedId"] for u in plain}

    delta = await full.items("/users", "users", filter=f"dateLastModified>'{since}'")
    assert delta == [
        {
            "sourcedId": gone,
            "status": "tobedeleted",
            "dateLastModified": delta[0]["dateLastModified"],
        }
    ]
    by_status = await full.items("/users", "users", filter="status='tobedeleted'")
    assert [u["sourcedId"] for u in by_status] == [gone]

    enrollments = await full.items(
        "/enrollments", "enrollments", filter=f"dateLastModified>'{since}'"
    )
    expected = {
        v5(f"enrollment:{world.class_b.id}:{gone}:student"),
        v5(f"enrollment:{v5(f'class:{world.class_b.id}:{world.algebra.id}')}:{gone}:student"),
        v5(f"enrollment:{v5(f'class:{world.class_b.id}:{world.pe.id}')}:{gone}:student"),
    }
    assert {e["sourcedId"] for e in enrollments} == expected
    assert {e["status"] for e in enrollments} == {"tobedeleted"}
    demographics = await full.items("/demographics", "demographics", filter="status='tobedeleted'")
    assert [d["sourcedId"] for d in demographics] == [gone]


async def test_a_pupil_moved_to_another_class_leaves_old_enrollments_behind(
    full: Platform, world: World, session: AsyncSession
) -> None:
    since = await _now(session)
    await session.execute(
        update(Student).where(Student.id == world.pupil.id).values(class_id=world.class_a.id)
    )
    await session.commit()
    delta = await full.items("/enrollments", "enrollments", filter=f"dateLastModified>'{since}'")
    buried = {e["sourcedId"] for e in delta if e["status"] == "tobedeleted"}
    assert v5(f"enrollment:{world.class_b.id}:{world.pupil.id}:student") in buried
    homeroom = await full.items(f"/classes/{world.class_a.id}/students", "users")
    assert str(world.pupil.id) in {u["sourcedId"] for u in homeroom}


async def test_renaming_a_subject_moves_its_classes_date_last_modified(
    full: Platform, world: World, session: AsyncSession
) -> None:
    since = await _now(session)
    assert await full.items("/classes", "classes", filter=f"dateLastModified>'{since}'") == []
    await session.execute(
        update(Subject)
        .where(Subject.id == world.algebra.id)
        .values(name="Алгебра и начала анализа")
    )
    await session.commit()
    changed = await full.items("/classes", "classes", filter=f"dateLastModified>'{since}'")
    assert sorted(c["title"] for c in changed) == [
        "9-А Алгебра и начала анализа",
        "9-Б Алгебра и начала анализа",
    ]


async def test_a_school_with_pupils_can_still_be_removed(
    world: World, session: AsyncSession
) -> None:
    # Its classes' and pupils' triggers bury their sourcedIds while the school row is
    # already gone: no tombstone is written for it, and the delete goes through.
    await session.execute(delete(School).where(School.id == world.school.id))
    await session.commit()

    left = await session.scalar(
        select(func.count()).select_from(Tombstone).where(Tombstone.school_id == world.school.id)
    )
    assert left == 0
    assert await session.get(School, world.school.id) is None


async def test_a_removed_lesson_leaves_its_results_and_line_items_as_tombstones(
    client: AsyncClient, world: World, session: AsyncSession
) -> None:
    """A lesson deleted (here by SQL, as a cascade from its class or subject would) takes
    its grades along: a platform syncing the gradebook by delta sees them go."""
    lesson, grades = await teacher_grades(
        client,
        world,
        [
            {"student_id": str(world.pupil.id), "value": 5, "work_type": "test"},
            {"student_id": str(world.classmate.id), "value": 4},
        ],
    )
    test = await work_type_id(session, world, "test")
    answer = await work_type_id(session, world, "answer")
    book = await writer(client, world, [GRADEBOOK_READ])
    columns = {v5(f"lineItem:{lesson['id']}:{test}"), v5(f"lineItem:{lesson['id']}:{answer}")}
    shown = (await book.book("/lineItems", limit=1000)).json()["lineItems"]
    assert {i["sourcedId"] for i in shown} == columns
    since = await _now(session)

    await session.execute(delete(Lesson).where(Lesson.id == uuid.UUID(lesson["id"])))
    await session.commit()

    delta = "dateLastModified>'" + since + "'"
    items = (await book.book("/lineItems", filter=delta)).json()["lineItems"]
    assert {i["sourcedId"] for i in items} == columns
    assert {i["status"] for i in items} == {"tobedeleted"}
    assert set(items[0]) == {"sourcedId", "status", "dateLastModified"}
    results = (await book.book("/results", filter=delta)).json()["results"]
    assert {r["sourcedId"] for r in results} == {g["id"] for g in grades}
    assert {r["status"] for r in results} == {"tobedeleted"}
    # A plain list does not show them; asked for by id they are tombstones too.
    assert (await book.book("/results")).json()["results"] == []
    one = (await book.book(f"/results/{grades[0]['id']}")).json()["result"]
    assert one["status"] == "tobedeleted"


async def test_a_removed_pupil_leaves_the_line_item_of_classmates_alive(
    client: AsyncClient, world: World, session: AsyncSession
) -> None:
    lesson, grades = await teacher_grades(
        client,
        world,
        [
            {"student_id": str(world.pupil.id), "value": 5},
            {"student_id": str(world.classmate.id), "value": 4},
        ],
    )
    answer = await work_type_id(session, world, "answer")
    book = await writer(client, world, [GRADEBOOK_READ])
    since = await _now(session)
    await session.execute(delete(Student).where(Student.id == world.classmate.id))
    await session.commit()

    delta = "dateLastModified>'" + since + "'"
    results = (await book.book("/results", filter=delta)).json()["results"]
    gone = next(g["id"] for g in grades if g["student_id"] == str(world.classmate.id))
    assert [(r["sourcedId"], r["status"]) for r in results] == [(gone, "tobedeleted")]
    items = (await book.book("/lineItems", filter="status='tobedeleted'")).json()["lineItems"]
    assert items == []
    live = (await book.book("/lineItems")).json()["lineItems"]
    assert [i["sourcedId"] for i in live] == [v5(f"lineItem:{lesson['id']}:{answer}")]

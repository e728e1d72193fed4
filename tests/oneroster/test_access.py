"""Who may read what (contract §3, §4.2): scopes allow and refuse; another school's ids
are 404 ``unknownobject`` on every resource; people are refused."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.oneroster.service import DEMOGRAPHICS, GUARDIANS, ROSTER, ROSTER_CORE
from tests.diary.world import World
from tests.oneroster.conftest import ROSTERING, Platform, minor, platform, v5


async def test_core_scope_reads_base_collections_but_not_nested_or_demographics(
    client: AsyncClient, world: World
) -> None:
    core = await platform(client, world, [ROSTER_CORE])
    assert (await core.get("/users")).status_code == 200
    assert (await core.get(f"/classes/{world.class_b.id}")).status_code == 200
    nested = await core.get(f"/classes/{world.class_b.id}/students")
    assert nested.status_code == 403
    assert minor(nested) == "forbidden"
    demographics = await core.get("/demographics")
    assert demographics.status_code == 403
    assert minor(demographics) == "forbidden"
    # Without roster.readonly no school administrators; without guardians no parents, no agents.
    users = await core.items("/users", "users")
    roles = {r["role"] for u in users for r in u["roles"]}
    assert roles == {"student", "teacher"}
    assert all(u["agents"] == [] for u in users)


async def test_roster_scope_reads_nested_paths_and_administrators(
    client: AsyncClient, world: World
) -> None:
    roster = await platform(client, world, [ROSTER])
    students = await roster.items(f"/classes/{world.class_b.id}/students", "users")
    assert {u["sourcedId"] for u in students} == {
        str(s.id) for s in (world.pupil, world.own, world.classmate)
    }
    users = await roster.items("/users", "users", filter="role='siteAdministrator'")
    assert [u["sourcedId"] for u in users] == [str(world.admin.id)]
    assert (await roster.get("/demographics")).status_code == 403


async def test_demographics_scope_reads_birth_dates_only(client: AsyncClient, world: World) -> None:
    reader = await platform(client, world, [DEMOGRAPHICS])
    answer = await reader.get(f"/demographics/{world.pupil.id}")
    assert answer.status_code == 200
    assert answer.json() == {
        "demographics": {
            "sourcedId": str(world.pupil.id),
            "status": "active",
            "dateLastModified": answer.json()["demographics"]["dateLastModified"],
            "birthDate": "2011-05-04",
        }
    }
    assert (await reader.get("/users")).status_code == 403


async def test_guardians_scope_adds_parents(client: AsyncClient, world: World) -> None:
    with_guardians = await platform(client, world, [ROSTER_CORE, GUARDIANS])
    parents = await with_guardians.items("/users", "users", filter="role='parent'")
    assert {u["sourcedId"] for u in parents} == {str(world.parent.id), str(world.other_parent.id)}
    mother = next(u for u in parents if u["sourcedId"] == str(world.parent.id))
    assert [a["sourcedId"] for a in mother["agents"]] == [str(world.pupil.id)]
    assert mother["email"] == ""
    without = await platform(client, world, [ROSTER_CORE])
    assert await without.items("/users", "users", filter="role='parent'") == []
    assert (await without.get(f"/users/{world.parent.id}")).status_code == 404


async def test_a_token_narrower_than_the_client_is_bound_by_its_scopes(
    client: AsyncClient, world: World
) -> None:
    narrow = await platform(client, world, [ROSTER_CORE, DEMOGRAPHICS], token_scopes=ROSTER_CORE)
    assert (await narrow.get("/demographics")).status_code == 403


async def test_people_and_anonymous_callers_are_refused(client: AsyncClient, world: World) -> None:
    anonymous = await client.get(ROSTERING + "/users")
    assert anonymous.status_code == 401
    assert minor(anonymous) == "unauthorisedrequest"
    person = await client.get(
        ROSTERING + "/users", headers={"Authorization": f"Bearer {world.admin.token}"}
    )
    assert person.status_code == 403
    assert minor(person) == "forbidden"
    unknown = await client.get(ROSTERING + "/nothing-here")
    assert unknown.status_code == 404
    assert minor(unknown) == "unknownobject"


def foreign_paths(foreign: World) -> list[str]:
    school = foreign.school.id
    scheduled = v5(f"class:{foreign.class_b.id}:{foreign.algebra.id}")
    course = v5(f"course:{foreign.algebra.id}:9")
    enrollment = v5(f"enrollment:{foreign.class_b.id}:{foreign.pupil.id}:student")
    return [
        f"/orgs/{school}",
        f"/schools/{school}",
        f"/academicSessions/{foreign.term.id}",
        f"/terms/{foreign.term.id}",
        f"/terms/{foreign.term.id}/gradingPeriods",
        f"/terms/{foreign.term.id}/classes",
        f"/gradingPeriods/{v5(f'gradingPeriod:{foreign.term.id}')}",
        f"/courses/{course}",
        f"/courses/{course}/classes",
        f"/classes/{foreign.class_b.id}",
        f"/classes/{scheduled}",
        f"/classes/{foreign.class_b.id}/students",
        f"/classes/{foreign.class_b.id}/teachers",
        f"/users/{foreign.pupil.id}",
        f"/users/{foreign.teacher.id}",
        f"/users/{foreign.parent.id}",
        f"/users/{foreign.pupil.id}/classes",
        f"/students/{foreign.pupil.id}",
        f"/students/{foreign.pupil.id}/classes",
        f"/teachers/{foreign.teacher.id}",
        f"/teachers/{foreign.teacher.id}/classes",
        f"/enrollments/{enrollment}",
        f"/schools/{school}/classes",
        f"/schools/{school}/courses",
        f"/schools/{school}/terms",
        f"/schools/{school}/students",
        f"/schools/{school}/teachers",
        f"/schools/{school}/enrollments",
        f"/schools/{school}/classes/{foreign.class_b.id}/enrollments",
        f"/schools/{school}/classes/{foreign.class_b.id}/students",
        f"/schools/{school}/classes/{foreign.class_b.id}/teachers",
        f"/demographics/{foreign.pupil.id}",
        "/users/not-a-uuid",
    ]


@pytest.mark.parametrize("index", range(33))
async def test_another_schools_objects_are_unknown(
    full: Platform, world: World, foreign: World, index: int
) -> None:
    path = foreign_paths(foreign)[index]
    answer = await full.get(path)
    assert answer.status_code == 404, (path, answer.text)
    assert minor(answer) == "unknownobject"


async def test_own_school_paths_answer(full: Platform, world: World, foreign: World) -> None:
    """The same paths with the client's own ids answer 200: the 404s above are isolation."""
    for path in foreign_paths(world)[:-1]:
        answer = await full.get(path)
        assert answer.status_code == 200, (path, answer.text)


async def test_lists_hold_only_the_clients_school(
    full: Platform, world: World, foreign: World
) -> None:
    users = await full.items("/users", "users", limit=1000)
    ids = {u["sourcedId"] for u in users}
    assert str(world.pupil.id) in ids
    assert str(foreign.pupil.id) not in ids
    assert str(foreign.teacher.id) not in ids


async def test_a_personal_data_page_is_one_audit_row_with_its_people(
    full: Platform, world: World, session: AsyncSession
) -> None:
    await full.items("/students", "users", limit=2)
    await full.items("/classes", "classes")  # no personal data: no row
    rows = (
        (await session.execute(select(AuditEvent).where(AuditEvent.action == "integration.read")))
        .scalars()
        .all()
    )
    assert [(r.object_type, r.details["count"]) for r in rows] == [("users", 2)]
    students = sorted(str(s.id) for s in (world.pupil, world.own, world.classmate, world.stranger))
    assert rows[0].details["subject_ids"] == students[:2]

"""Rostering reads: the mapping of contract §4.3 and the minimisation of §4.4."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.diary.world import World
from tests.oneroster.conftest import Platform, v5


async def test_platform_sees_the_school_as_an_org(full: Platform, world: World) -> None:
    orgs = await full.items("/orgs", "orgs")
    assert [o["sourcedId"] for o in orgs] == [str(world.school.id)]
    assert orgs[0]["identifier"] == world.school.inn
    assert orgs[0]["type"] == "school"
    assert orgs[0]["metadata"]["edudiary.ogrn"] == world.school.ogrn
    assert orgs[0]["dateLastModified"].endswith("Z")


async def test_pupils_are_users_without_personal_documents(full: Platform, world: World) -> None:
    students = await full.items("/students", "users", limit=100)
    by_id = {u["sourcedId"]: u for u in students}
    assert set(by_id) == {
        str(s.id) for s in (world.pupil, world.own, world.classmate, world.stranger)
    }
    pupil = by_id[str(world.pupil.id)]
    assert pupil["givenName"] == "Пётр"
    assert pupil["familyName"] == "Иванов"
    assert pupil["email"] == ""
    assert pupil["grades"] == ["09"]
    assert [r["role"] for r in pupil["roles"]] == ["student"]
    for absent in ("phone", "sms", "username", "password", "userMasterIdentifier", "birthDate"):
        assert absent not in pupil
    # With the guardians scope the pupil's agents are the guardians.
    assert [a["sourcedId"] for a in pupil["agents"]] == [str(world.parent.id)]


async def test_classes_are_homerooms_and_scheduled_subjects(full: Platform, world: World) -> None:
    classes = await full.items("/classes", "classes")
    titles = sorted(c["title"] for c in classes)
    assert titles == ["9-А", "9-А Алгебра", "9-Б", "9-Б Алгебра", "9-Б Физическая культура"]
    scheduled = next(c for c in classes if c["title"] == "9-Б Алгебра")
    assert scheduled["sourcedId"] == v5(f"class:{world.class_b.id}:{world.algebra.id}")
    assert scheduled["course"]["sourcedId"] == v5(f"course:{world.algebra.id}:9")
    assert scheduled["periods"] == ["1"]
    assert [t["sourcedId"] for t in scheduled["terms"]] == [str(world.term.id)]
    homeroom = next(c for c in classes if c["title"] == "9-Б")
    assert homeroom["sourcedId"] == str(world.class_b.id)
    assert homeroom["classType"] == "homeroom"


async def test_enrollments_of_a_scheduled_class(full: Platform, world: World) -> None:
    algebra_b = v5(f"class:{world.class_b.id}:{world.algebra.id}")
    rows = await full.items(
        f"/schools/{world.school.id}/classes/{algebra_b}/enrollments", "enrollments"
    )
    pupils = {r["user"]["sourcedId"] for r in rows if r["role"] == "student"}
    teachers = {r["user"]["sourcedId"] for r in rows if r["role"] == "teacher"}
    assert pupils == {str(s.id) for s in (world.pupil, world.own, world.classmate)}
    assert teachers == {str(world.teacher.id)}
    teacher_row = next(r for r in rows if r["role"] == "teacher")
    assert teacher_row["primary"] == "true"
    assert teacher_row["sourcedId"] == v5(f"enrollment:{algebra_b}:{world.teacher.id}:teacher")
    assert teacher_row["beginDate"] == "2026-09-01"
    assert teacher_row["endDate"] == "2027-06-01"  # exclusive


async def test_terms_and_grading_periods(full: Platform, world: World) -> None:
    sessions = await full.items("/academicSessions", "academicSessions")
    by_type = {s["type"]: s for s in sessions}
    assert by_type["schoolYear"]["title"] == "2026/2027"
    assert by_type["schoolYear"]["schoolYear"] == "2027"
    assert by_type["term"]["title"] == "2 четверть"
    period = by_type["gradingPeriod"]
    assert period["sourcedId"] == v5(f"gradingPeriod:{world.term.id}")
    assert period["parent"]["sourcedId"] == str(world.term.id)
    nested = await full.items(f"/terms/{world.term.id}/gradingPeriods", "academicSessions")
    assert [s["sourcedId"] for s in nested] == [period["sourcedId"]]


async def test_both_uuid5_implementations_match_python(session: AsyncSession) -> None:
    """``oneroster_uuid5`` (uuid-ossp) and its PL/pgSQL twin (servers without uuid-ossp,
    e.g. the embedded one) give Python's ``uuid5`` under the contract's namespace."""
    for name in ("", "course:homeroom:x:9", "enrollment:" + "ё" * 70, "a" * 200):
        row = (
            await session.execute(
                text("SELECT oneroster_uuid5(:n), oneroster_plpgsql_uuid5(:n)"), {"n": name}
            )
        ).one()
        assert str(row[0]) == str(row[1]) == v5(name)

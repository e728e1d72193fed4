"""The XLSX template round trip and the OneRoster export round trip."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.structure.models import Guardianship, Student, TeachingAssignment
from api.identity.models import Account
from api.schools.models import SchoolClass
from tests.onboarding.conftest import Onboarding, new_school
from tests.onboarding.roster_files import school_files, zip_of


async def roster_of(session: AsyncSession, school_id: object) -> dict[str, Any]:
    classes = set(
        await session.scalars(
            select(func.concat(SchoolClass.grade, "-", SchoolClass.letter)).where(
                SchoolClass.school_id == school_id
            )
        )
    )
    pupils = {
        (r.last_name, r.first_name, str(r.birth_date), f"{r.grade}-{r.letter}")
        for r in await session.execute(
            select(
                Student.last_name,
                Student.first_name,
                Student.birth_date,
                SchoolClass.grade,
                SchoolClass.letter,
            )
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .where(Student.school_id == school_id)
        )
    }
    guardians = await session.scalar(
        select(func.count())
        .select_from(Guardianship)
        .join(Student, Student.id == Guardianship.student_id)
        .where(Student.school_id == school_id)
    )
    assignments = await session.scalar(
        select(func.count()).where(TeachingAssignment.school_id == school_id)
    )
    return {
        "classes": classes,
        "pupils": pupils,
        "guardians": guardians,
        "assignments": assignments,
    }


async def test_the_template_downloads_and_its_example_imports(onboarding: Onboarding) -> None:
    answer = await onboarding.client.get(
        "/api/v1/imports/template.xlsx", headers=onboarding.admin.headers
    )
    assert answer.status_code == 200
    assert answer.content.startswith(b"PK")
    result = await onboarding.upload(answer.content, name="shablon.xlsx")
    assert result["format"] == "xlsx"
    assert result["status"] == "done", result
    assert result["error_count"] == 0
    for entity in ("classes", "students", "teachers", "guardians", "teaching_assignments"):
        assert result["summary"][entity]["created"] == 1, (entity, result["summary"])
    roster = await roster_of(onboarding.session, onboarding.school.id)
    assert roster["classes"] == {"9-Б"}
    assert roster["pupils"] == {("Иванов", "Пётр", "2011-09-01", "9-Б")}
    assert roster["guardians"] == 1
    assert roster["assignments"] == 1
    again = await onboarding.upload(answer.content, name="shablon.xlsx")
    assert all(c["created"] == 0 and c["updated"] == 0 for c in again["summary"].values())


async def test_export_then_import_into_an_empty_school_reproduces_the_roster(
    onboarding: Onboarding, settings: Settings
) -> None:
    s = onboarding.session
    await onboarding.upload(zip_of(school_files(120)))
    original = await roster_of(s, onboarding.school.id)
    answer = await onboarding.client.get(
        f"/api/v1/schools/{onboarding.school.id}/oneroster.zip", headers=onboarding.admin.headers
    )
    assert answer.status_code == 200
    exported = answer.content
    # The first school leaves: its people go, so the accounts' phones are free again.
    await s.execute(delete(Account).where(Account.phone.like("+7926120%")))
    await s.execute(delete(Student).where(Student.school_id == onboarding.school.id))
    await s.commit()
    empty = await new_school(onboarding.client, s, settings)
    result = await empty.upload(exported)
    assert result["status"] == "done", (result, await empty.errors(result["id"]))
    assert await roster_of(s, empty.school.id) == original
    assert original["pupils"]
    assert original["guardians"] == 2

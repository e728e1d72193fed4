"""«Часов в неделю» of the teaching load: kept from the XLSX template and from OneRoster
(``metadata.hoursPerWeek`` of a teacher's enrollment), shown with the assignment, exported
back, and changed by a later file."""

from __future__ import annotations

import copy
import io
from decimal import Decimal
from typing import Any

import openpyxl
from sqlalchemy import delete, select

from api.config import Settings
from api.diary.structure.models import Student, TeachingAssignment
from api.identity.models import Account
from tests.onboarding.conftest import Onboarding, new_school
from tests.onboarding.roster_files import school_files, zip_of


def _with_hours(files: dict[str, Any], hours: str) -> dict[str, Any]:
    marked = copy.deepcopy(files)
    enrollments = marked["enrollments.csv"]
    enrollments[0].append("metadata.hoursPerWeek")
    for row in enrollments[1:]:
        # e4: Соколова teaches algebra in 9-Б.
        row.append(hours if row[0] == "e4" else "")
    return marked


async def _hours(onboarding: Onboarding, school_id: object | None = None) -> list[Decimal | None]:
    rows = await onboarding.session.scalars(
        select(TeachingAssignment.hours_per_week)
        .where(TeachingAssignment.school_id == (school_id or onboarding.school.id))
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def test_oneroster_hours_are_kept_shown_and_changed_by_a_later_file(
    onboarding: Onboarding,
) -> None:
    files = school_files(131)
    first = await onboarding.upload(zip_of(_with_hours(files, "4")))
    assert first["status"] == "done", (first, await onboarding.errors(first["id"]))
    assert await _hours(onboarding) == [Decimal("4.0")]
    shown = await onboarding.client.get(
        "/api/v1/teaching-assignments", headers=onboarding.admin.headers
    )
    assert shown.status_code == 200, shown.text
    assert [(a["subject"]["name"], a["hours_per_week"]) for a in shown.json()] == [("Алгебра", 4)]

    same = await onboarding.upload(zip_of(_with_hours(files, "4")))
    assert same["summary"]["teaching_assignments"]["unchanged"] == 1
    silent = await onboarding.upload(zip_of(files))  # says nothing of hours: keeps them
    assert silent["summary"]["teaching_assignments"]["updated"] == 0
    assert await _hours(onboarding) == [Decimal("4.0")]

    changed = await onboarding.upload(zip_of(_with_hours(files, "3,5")))
    assert changed["summary"]["teaching_assignments"]["updated"] == 1
    assert await _hours(onboarding) == [Decimal("3.5")]


async def test_hours_out_of_range_are_rejected_at_their_row(onboarding: Onboarding) -> None:
    result = await onboarding.upload(zip_of(_with_hours(school_files(132), "41")))
    assert result["status"] == "failed"
    errors = {
        (e["file"], e["row"], e["field"], e["code"]) for e in await onboarding.errors(result["id"])
    }
    assert errors == {("enrollments.csv", 5, "metadata.hoursPerWeek", "hours_format")}
    assert await _hours(onboarding) == []


async def test_the_template_example_keeps_its_hours(onboarding: Onboarding) -> None:
    template = await onboarding.client.get(
        "/api/v1/imports/template.xlsx", headers=onboarding.admin.headers
    )
    workbook = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = workbook["Нагрузка"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Часов в неделю") + 1, value=2.5)
    edited = io.BytesIO()
    workbook.save(edited)
    result = await onboarding.upload(edited.getvalue(), name="shablon.xlsx")
    assert result["status"] == "done", (result, await onboarding.errors(result["id"]))
    assert await _hours(onboarding) == [Decimal("2.5")]


async def test_export_then_import_keeps_the_hours(
    onboarding: Onboarding, settings: Settings
) -> None:
    s = onboarding.session
    await onboarding.upload(zip_of(_with_hours(school_files(133), "5")))
    exported = await onboarding.client.get(
        f"/api/v1/schools/{onboarding.school.id}/oneroster.zip", headers=onboarding.admin.headers
    )
    assert exported.status_code == 200
    await s.execute(delete(Account).where(Account.phone.like("+7926133%")))
    await s.execute(delete(Student).where(Student.school_id == onboarding.school.id))
    await s.commit()
    empty = await new_school(onboarding.client, s, settings)
    result = await empty.upload(exported.content)
    assert result["status"] == "done", (result, await empty.errors(result["id"]))
    assert await _hours(empty) == [Decimal("5.0")]

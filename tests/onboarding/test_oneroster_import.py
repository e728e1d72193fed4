"""Importing a school from a OneRoster 1.2 CSV zip (ONBOARDING §1–2)."""

from __future__ import annotations

import copy

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.structure.models import (
    AcademicYear,
    ClassTeacher,
    Guardianship,
    Student,
    TeachingAssignment,
    Term,
)
from api.identity.models import Account
from api.onboarding.models import RosterLink
from api.schools.models import SchoolClass
from tests.onboarding.conftest import Onboarding, new_school
from tests.onboarding.roster_files import school_files, zip_of


async def count(session: AsyncSession, model: type, *where: object) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


async def test_oneroster_zip_imports_a_whole_school(onboarding: Onboarding) -> None:
    result = await onboarding.upload(zip_of(school_files(101)))
    assert result["status"] == "done", result
    summary = result["summary"]
    assert summary["classes"]["created"] == 2
    assert summary["students"]["created"] == 3
    assert summary["teachers"]["created"] == 2
    assert summary["guardians"]["created"] == 2
    assert summary["teaching_assignments"]["created"] == 1
    assert result["error_count"] == 0

    s, school = onboarding.session, onboarding.school.id
    classes = {
        c.name: c
        for c in await s.scalars(select(SchoolClass).where(SchoolClass.school_id == school))
    }
    assert set(classes) == {"9-Б", "5-А"}
    assert {c.academic_year for c in classes.values()} == {2026}
    pupils = {
        p.last_name: p for p in await s.scalars(select(Student).where(Student.school_id == school))
    }
    assert pupils["Иванов"].class_id == classes["9-Б"].id
    assert pupils["Иванов"].snils_hash is not None
    assert pupils["Петров"].class_id == classes["5-А"].id
    teachers = {
        a.last_name: a
        for a in await s.scalars(
            select(Account).where(Account.school_id == school, Account.roles.contains(["teacher"]))
        )
    }
    assert set(teachers) == {"Соколова", "Волков"}
    assert teachers["Соколова"].phone == "+79261010001"
    assignment = await s.scalar(
        select(TeachingAssignment).where(TeachingAssignment.school_id == school)
    )
    assert assignment is not None
    assert assignment.teacher_id == teachers["Соколова"].id
    assert assignment.class_id == classes["9-Б"].id
    class_teacher = await s.get(ClassTeacher, classes["9-Б"].id)
    assert class_teacher is not None
    assert class_teacher.teacher_id == teachers["Волков"].id
    links = {tuple(row) for row in
        (await s.execute(
            select(Account.last_name, Student.last_name)
            .join(Guardianship, Guardianship.account_id == Account.id)
            .join(Student, Student.id == Guardianship.student_id)
            .where(Student.school_id == school)
        ))
    }  # fmt: skip
    assert links == {("Иванова", "Иванов"), ("Петрова", "Петров")}
    assert await count(s, AcademicYear, AcademicYear.school_id == school) == 1
    assert await count(s, Term, Term.school_id == school) == 2
    parents = await s.scalars(
        select(Account).where(
            Account.last_name.in_(["Иванова", "Петрова"]), Account.phone.like("+7926101%")
        )
    )
    assert all(p.roles == ["parent"] and p.password_hash == "!" for p in parents)


async def test_same_file_again_changes_nothing(onboarding: Onboarding) -> None:
    content = zip_of(school_files(102))
    await onboarding.upload(content)
    again = await onboarding.upload(content)
    assert again["status"] == "done"
    for entity, counts in again["summary"].items():
        assert counts["created"] == 0, (entity, counts)
        assert counts["updated"] == 0, (entity, counts)
        assert counts["rejected"] == 0, (entity, counts)
    assert again["summary"]["students"]["unchanged"] == 3
    assert again["summary"]["enrollments"]["unchanged"] == 6
    assert await count(onboarding.session, Student, Student.school_id == onboarding.school.id) == 3


async def test_preview_writes_nothing_and_apply_writes_it(onboarding: Onboarding) -> None:
    preview = await onboarding.upload(zip_of(school_files(103)), mode="preview")
    assert preview["mode"] == "preview"
    assert preview["summary"]["students"]["created"] == 3
    s, school = onboarding.session, onboarding.school.id
    assert await count(s, Student, Student.school_id == school) == 0
    assert await count(s, RosterLink, RosterLink.school_id == school) == 0
    answer = await onboarding.client.post(
        f"/api/v1/imports/{preview['id']}/apply", json={}, headers=onboarding.admin.headers
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "queued"
    applied = await onboarding.run(preview["id"])
    assert applied["mode"] == "apply"
    assert applied["status"] == "done"
    assert await count(s, Student, Student.school_id == school) == 3


async def test_a_re_import_matches_by_snils_and_by_name_and_birth_date(
    onboarding: Onboarding,
) -> None:
    files = school_files(104)
    await onboarding.upload(zip_of(files))
    renamed = copy.deepcopy(files)
    # Another system's ids: the pupils are found by SNILS (Иванов) or name + birth date.
    for table in ("users.csv", "demographics.csv"):
        for row in renamed[table][1:]:
            row[0] = "x-" + row[0]
    for row in renamed["roles.csv"][1:]:
        row[1] = "x-" + row[1]
    for row in renamed["enrollments.csv"][1:]:
        row[0], row[4] = "x-" + row[0], "x-" + row[4]
    for row in renamed["users.csv"][1:]:
        row[10] = ",".join("x-" + a for a in row[10].split(",") if a)
    result = await onboarding.upload(zip_of(renamed))
    assert result["summary"]["students"]["created"] == 0, result
    assert result["summary"]["teachers"]["created"] == 0, result
    assert await count(onboarding.session, Student, Student.school_id == onboarding.school.id) == 3


async def test_deletion_mark_archives_and_keeps_the_row(onboarding: Onboarding) -> None:
    files = school_files(105)
    await onboarding.upload(zip_of(files))
    marked = copy.deepcopy(files)
    marked["users.csv"][4][1] = "tobedeleted"  # Алексеева
    result = await onboarding.upload(zip_of(marked))
    assert result["summary"]["students"]["updated"] == 1
    s = onboarding.session
    link = await s.get(RosterLink, (onboarding.school.id, "student", "u-s2"))
    assert link is not None
    assert link.archived_at is not None
    assert await count(s, Student, Student.id == link.object_id) == 1


async def test_bad_rows_are_reported_at_row_and_field_and_nothing_is_written(
    onboarding: Onboarding,
) -> None:
    files = school_files(106)
    files["users.csv"][3][3] = "{SNILS:112-233-445 00}"  # row 4: a wrong check number
    files["users.csv"].append(files["users.csv"][4][:])  # row 9: u-s2 again
    files["enrollments.csv"][4][2] = "c-nowhere"  # row 5 (a teacher's): no such class
    files["demographics.csv"] = [["sourcedId"], ["u-s1"]]  # no birthDate column
    result = await onboarding.upload(zip_of(files))
    assert result["status"] == "failed"
    assert result["failure_code"] == "import_has_errors"
    errors = {
        (e["file"], e["row"], e["field"], e["code"]) for e in await onboarding.errors(result["id"])
    }
    assert ("users.csv", 4, "userIds", "snils_checksum") in errors
    assert ("users.csv", 9, "sourcedId", "duplicate_id") in errors
    assert ("enrollments.csv", 5, "classSourcedId", "unknown_reference") in errors
    assert ("demographics.csv", 1, "birthDate", "missing_column") in errors
    messages = [e["message"] for e in await onboarding.errors(result["id"])]
    assert any("СНИЛС" in str(m) for m in messages)
    s, school = onboarding.session, onboarding.school.id
    assert await count(s, Student, Student.school_id == school) == 0
    assert await count(s, SchoolClass, SchoolClass.school_id == school) == 0
    assert await count(s, RosterLink, RosterLink.school_id == school) == 0


async def test_valid_rows_apply_only_when_asked_to_skip_the_invalid(
    onboarding: Onboarding,
) -> None:
    files = school_files(107)
    files["users.csv"][3][3] = "{SNILS:112-233-445 00}"
    preview = await onboarding.upload(zip_of(files), mode="preview")
    url = f"/api/v1/imports/{preview['id']}/apply"
    refused = await onboarding.client.post(url, json={}, headers=onboarding.admin.headers)
    assert refused.status_code == 409
    assert refused.json()["code"] == "import_has_errors"
    answer = await onboarding.client.post(
        url, json={"skip_invalid": True}, headers=onboarding.admin.headers
    )
    assert answer.status_code == 202, answer.text
    applied = await onboarding.run(preview["id"])
    assert applied["status"] == "done"
    names = set(
        await onboarding.session.scalars(
            select(Student.last_name).where(Student.school_id == onboarding.school.id)
        )
    )
    assert names == {"Алексеева", "Петров"}


async def test_a_file_that_is_not_a_roster_is_refused_with_415(onboarding: Onboarding) -> None:
    answer = await onboarding.client.post(
        f"/api/v1/schools/{onboarding.school.id}/imports",
        files={"file": ("roster.pdf", b"%PDF-1.7 not a roster", "application/pdf")},
        headers=onboarding.admin.headers,
    )
    assert answer.status_code == 415
    assert answer.json()["code"] == "import_format"


async def test_a_zip_without_manifest_is_unreadable(onboarding: Onboarding) -> None:
    files = school_files(108)
    del files["manifest.csv"]
    answer = await onboarding.client.post(
        f"/api/v1/schools/{onboarding.school.id}/imports",
        files={"file": ("roster.zip", zip_of(files), "application/zip")},
        headers=onboarding.admin.headers,
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "import_unreadable"
    assert "manifest.csv" in answer.json()["detail"]


async def test_another_schools_admin_sees_no_import(
    onboarding: Onboarding, settings: Settings
) -> None:
    result = await onboarding.upload(zip_of(school_files(109)), mode="preview")
    stranger = await new_school(onboarding.client, onboarding.session, settings)
    answer = await onboarding.client.get(
        f"/api/v1/imports/{result['id']}", headers=stranger.admin.headers
    )
    assert answer.status_code == 404
    upload = await onboarding.client.post(
        f"/api/v1/schools/{onboarding.school.id}/imports",
        files={"file": ("r.zip", zip_of(school_files(110)), "application/zip")},
        headers=stranger.admin.headers,
    )
    assert upload.status_code == 404

"""The OneRoster export read in one statement (``api/onboarding/export_statement.py``)
writes what the ORM export wrote (``tests/onboarding/export_reference.py``), file by file
and row by row: years with their terms, homeroom and subject classes, teachers with their
hours, pupils (one who left), guardians and their children, class teachers; and only to
the school's own administrator."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime

from sqlalchemy import update

from api.config import Settings
from api.diary.structure.models import Student
from api.identity.models import Role
from api.onboarding import export
from tests.factories import make_person
from tests.onboarding.conftest import Onboarding, new_school
from tests.onboarding.export_reference import build as reference
from tests.onboarding.roster_files import school_files, zip_of
from tests.onboarding.test_teaching_hours import _with_hours


def _files(content: bytes) -> dict[str, list[str]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode().split("\r\n") for name in archive.namelist()}


async def test_the_export_writes_what_the_orm_export_wrote(onboarding: Onboarding) -> None:
    done = await onboarding.upload(zip_of(_with_hours(school_files(141), "3,5")))
    assert done["status"] == "done", (done, await onboarding.errors(done["id"]))
    s = onboarding.session
    # A pupil who left.
    await s.execute(
        update(Student)
        .where(Student.school_id == onboarding.school.id, Student.last_name == "Иванов")
        .values(archived_at=datetime(2026, 11, 30, tzinfo=UTC))
    )
    await s.commit()

    exported = await onboarding.client.get(
        f"/api/v1/schools/{onboarding.school.id}/oneroster.zip", headers=onboarding.admin.headers
    )
    assert exported.status_code == 200, exported.text
    got = _files(exported.content)
    expected = _files(await reference(s, onboarding.school.id))
    assert list(got) == list(expected)
    for name, lines in expected.items():
        # Neither reads its tables in a stated order: the same rows, the header first.
        assert got[name][0] == lines[0], name
        assert sorted(got[name]) == sorted(lines), name
    assert len(expected["users.csv"]) > 5
    assert any("tobedeleted" in line for line in got["users.csv"])
    assert any(line.endswith(",3.5") for line in got["enrollments.csv"])
    assert any(",term," in line for line in got["academicSessions.csv"])


async def test_only_the_schools_administrator_exports(
    onboarding: Onboarding, settings: Settings
) -> None:
    other = await new_school(onboarding.client, onboarding.session, settings)
    url = f"/api/v1/schools/{onboarding.school.id}/oneroster.zip"
    foreign = await onboarding.client.get(url, headers=other.admin.headers)
    assert foreign.status_code == 404, foreign.text
    assert foreign.json()["code"] == "school_not_found"
    teacher = await make_person(onboarding.session, settings, roles=(Role.teacher,))
    teacher.account.school_id = onboarding.school.id
    await onboarding.session.commit()
    refused = await onboarding.client.get(url, headers=teacher.headers)
    assert refused.status_code == 403, refused.text
    assert refused.json()["code"] == "role_required"


def test_the_csv_writer_writes_what_dictwriter_wrote() -> None:
    """``export._csv`` feeds lists to ``csv.writer``; the export used ``csv.DictWriter``
    (which the reference shares through ``export.zipped``, so this holds it apart)."""
    columns = ["sourcedId", "givenName", "familyName", "middleName"]
    rows = [
        {"sourcedId": "1", "givenName": "Анна, Мария", "familyName": 'О"Нил'},
        {"familyName": "Две\r\nстроки", "sourcedId": "2", "extra": "не в файле"},
        {"sourcedId": "", "givenName": "", "familyName": "", "middleName": ""},
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    assert export._csv(rows, columns) == buffer.getvalue().encode("utf-8")

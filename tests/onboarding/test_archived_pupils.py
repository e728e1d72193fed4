"""A pupil a file marks ``tobedeleted`` has left: off every list of the class, still in the
database, visible to the family read-only; a later file without the mark brings them back."""

from __future__ import annotations

import copy
import csv
import io
import zipfile
from datetime import date
from typing import Any

from sqlalchemy import select

from api.config import Settings
from api.diary.structure.models import Student, Subject
from api.identity.models import Account
from api.oneroster.service import ROSTER, ROSTER_CORE
from api.schools.models import SchoolClass
from tests.factories import token_for
from tests.integrations.conftest import client_token, create_client
from tests.onboarding.conftest import Onboarding
from tests.onboarding.roster_files import school_files, zip_of

ROSTERING = "/ims/oneroster/rostering/v1p2"


def _leaving(files: dict[str, Any]) -> dict[str, Any]:
    marked = copy.deepcopy(files)
    marked["users.csv"][3][1] = "tobedeleted"  # u-s1: Иванов Пётр Сергеевич, 9-Б
    return marked


async def _ivanov(onboarding: Onboarding) -> Student:
    found = await onboarding.session.scalar(
        select(Student)
        .where(Student.school_id == onboarding.school.id, Student.last_name == "Иванов")
        .execution_options(populate_existing=True)
    )
    assert found is not None
    return found


async def _class_lists(onboarding: Onboarding, oneroster_token: str) -> dict[str, set[str]]:
    """Whose names each list of 9-Б shows."""
    s, school, headers = onboarding.session, onboarding.school.id, onboarding.admin.headers
    nine_b = await s.scalar(
        select(SchoolClass.id).where(SchoolClass.school_id == school, SchoolClass.grade == 9)
    )
    algebra = await s.scalar(select(Subject.id).where(Subject.school_id == school))
    ids = {
        str(p.id): p.last_name
        for p in await s.scalars(select(Student).where(Student.school_id == school))
    }
    journal = await onboarding.client.get(
        f"/api/v1/classes/{nine_b}/journal",
        params={"subject_id": str(algebra), "from": "2026-11-01", "to": "2026-12-29"},
        headers=headers,
    )
    assert journal.status_code == 200, journal.text
    analytics = await onboarding.client.get(f"/api/v1/classes/{nine_b}/analytics", headers=headers)
    assert analytics.status_code == 200, analytics.text
    enrollments = await onboarding.client.get(
        f"{ROSTERING}/enrollments",
        params={"limit": 100},
        headers={"Authorization": f"Bearer {oneroster_token}"},
    )
    assert enrollments.status_code == 200, enrollments.text
    users = await onboarding.client.get(
        f"{ROSTERING}/students", headers={"Authorization": f"Bearer {oneroster_token}"}
    )
    assert users.status_code == 200, users.text
    return {
        "journal": {p["last_name"] for p in journal.json()["students"]},
        "analytics": {str(analytics.json()["students_count"])},
        "enrollments": {
            ids[e["user"]["sourcedId"]]
            for e in enrollments.json()["enrollments"]
            if e["status"] == "active" and e["role"] == "student"
        },
        "users": {u["familyName"] for u in users.json()["users"] if u["status"] == "active"},
    }


async def _platform_token(onboarding: Onboarding) -> str:
    made = await create_client(
        onboarding.client,
        onboarding.admin.token,
        scopes=[ROSTER_CORE, ROSTER],
    )
    return await client_token(onboarding.client, made["client_id"], made["client_secret"])


async def test_a_pupil_marked_tobedeleted_leaves_every_class_list(
    onboarding: Onboarding,
) -> None:
    files = school_files(121)
    await onboarding.upload(zip_of(files))
    token = await _platform_token(onboarding)
    before = await _class_lists(onboarding, token)
    assert before["journal"] == {"Иванов", "Алексеева"}
    assert before["analytics"] == {"2"}
    assert "Иванов" in before["enrollments"]
    assert "Иванов" in before["users"]

    result = await onboarding.upload(zip_of(_leaving(files)))
    assert result["status"] == "done", result
    assert result["summary"]["students"]["updated"] == 1

    ivanov = await _ivanov(onboarding)
    assert ivanov.archived_at is not None  # kept, only marked
    after = await _class_lists(onboarding, token)
    assert after["journal"] == {"Алексеева"}
    assert after["analytics"] == {"1"}
    assert "Иванов" not in after["enrollments"]
    assert "Алексеева" in after["enrollments"]
    assert "Иванов" not in after["users"]

    # The same file again: the pupil stays archived, nothing changes.
    again = await onboarding.upload(zip_of(_leaving(files)))
    assert again["summary"]["students"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "rejected": 0,
    }

    back = await onboarding.upload(zip_of(files))
    assert back["summary"]["students"]["updated"] == 1
    assert (await _ivanov(onboarding)).archived_at is None
    restored = await _class_lists(onboarding, token)
    assert restored["journal"] == {"Иванов", "Алексеева"}
    assert restored["analytics"] == {"2"}
    assert "Иванов" in restored["enrollments"]


async def test_a_platform_syncing_by_date_learns_the_pupil_left(
    onboarding: Onboarding,
) -> None:
    files = school_files(122)
    await onboarding.upload(zip_of(files))
    token = await _platform_token(onboarding)
    ivanov = await _ivanov(onboarding)
    await onboarding.upload(zip_of(_leaving(files)))
    answer = await onboarding.client.get(
        f"{ROSTERING}/users/{ivanov.id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["user"]["status"] == "tobedeleted"  # a tombstone, as for a removal
    users = await onboarding.client.get(
        f"{ROSTERING}/users",
        params={"filter": "dateLastModified>'2000-01-01T00:00:00Z'", "limit": 100},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert users.status_code == 200, users.text
    gone = [u for u in users.json()["users"] if u["sourcedId"] == str(ivanov.id)]
    assert [u["status"] for u in gone] == ["tobedeleted"]


async def test_the_family_still_sees_the_child_who_left_read_only(
    onboarding: Onboarding, settings: Settings
) -> None:
    files = school_files(123)
    await onboarding.upload(zip_of(files))
    await onboarding.upload(zip_of(_leaving(files)))
    mother = await onboarding.session.scalar(select(Account).where(Account.phone == "+79261230003"))
    assert mother is not None
    headers = {"Authorization": f"Bearer {await token_for(onboarding.session, settings, mother)}"}
    children = await onboarding.client.get("/api/v1/me/students", headers=headers)
    assert children.status_code == 200, children.text
    [child] = children.json()
    assert child["last_name"] == "Иванов"
    assert child["archived_at"] is not None
    diary = await onboarding.client.get(f"/api/v1/students/{child['id']}/grades", headers=headers)
    assert diary.status_code == 200, diary.text
    note = await onboarding.client.post(
        f"/api/v1/students/{child['id']}/absence-notes",
        json={"from_date": str(date(2026, 12, 1)), "to_date": "2026-12-02", "reason": "Болел"},
        headers=headers,
    )
    assert note.status_code == 409, note.text
    assert note.json()["code"] == "student_archived"


async def test_the_export_keeps_a_pupil_who_left_archived(onboarding: Onboarding) -> None:
    files = school_files(124)
    await onboarding.upload(zip_of(files))
    await onboarding.upload(zip_of(_leaving(files)))
    exported = await onboarding.client.get(
        f"/api/v1/schools/{onboarding.school.id}/oneroster.zip", headers=onboarding.admin.headers
    )
    assert exported.status_code == 200
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        users = list(csv.DictReader(io.StringIO(archive.read("users.csv").decode())))
        enrollments = archive.read("enrollments.csv").decode()
    ivanov = await _ivanov(onboarding)
    assert {u["sourcedId"]: u["status"] for u in users}[str(ivanov.id)] == "tobedeleted"
    assert str(ivanov.id) not in enrollments

    again = await onboarding.upload(exported.content)
    assert again["status"] == "done", (again, await onboarding.errors(again["id"]))
    assert (await _ivanov(onboarding)).archived_at is not None

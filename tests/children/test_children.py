"""A confirmed guardian enters their children; nobody else sees them."""

from __future__ import annotations

import uuid

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.children.models import Child
from api.config import Settings
from api.identity.models import AccountLevel
from tests.factories import child_body, make_person, make_standard, valid_snils

SEED = (
    "Отсутствие подтверждённого профиля блокирует возможность ввода и изменения данных о школьнике"
)


@pytest.mark.parametrize("level", [AccountLevel.simplified, AccountLevel.standard])
async def test_an_unconfirmed_account_cannot_enter_a_child(
    client: AsyncClient, session: AsyncSession, settings: Settings, level: AccountLevel
) -> None:
    parent = await make_person(session, settings, level=level)

    answer = await client.post("/api/v1/me/children", json=child_body(), headers=parent.headers)

    assert answer.status_code == 403
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "account_not_confirmed"
    assert problem["detail"].startswith(SEED)
    assert (
        "Подтвердите личность" in problem["detail"]
        or "Укажите в профиле СНИЛС" in problem["detail"]
    )
    assert await session.scalar(select(Child.id).where(Child.guardian_id == parent.id)) is None


async def test_the_refusal_in_english(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_standard(client, session, settings)
    answer = await client.post(
        "/api/v1/me/children", json=child_body(), headers=parent.headers_en()
    )
    assert answer.status_code == 403
    assert answer.json()["detail"].startswith("Without a confirmed account you cannot enter")
    assert answer.json()["title"] == "Forbidden"


async def test_a_confirmed_parent_adds_lists_and_changes_a_child(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    snils = valid_snils()

    created = await client.post(
        "/api/v1/me/children", json=child_body(snils=snils), headers=parent.headers
    )

    assert created.status_code == 201, created.text
    child = created.json()
    assert child["last_name"] == "Иванов"
    assert child["middle_name"] == "Сергеевич"
    assert child["birth_date"] == "2015-09-01"
    assert child["snils"] == "***-***-" + snils[-6:]
    assert child["birth_certificate"] == "IV-МЮ ***456"
    assert child["birth_certificate_issued_at"] == "2015-09-20"
    assert child["student_id"] is None
    row = await session.get(Child, uuid.UUID(child["id"]))
    assert row is not None
    assert row.guardian_id == parent.id
    assert snils.encode() not in row.snils_enc
    assert b"123456" not in row.birth_certificate_enc

    second = await client.post(
        "/api/v1/me/children",
        json=child_body(
            first_name="Анна",
            birth_date="2018-02-10",
            birth_certificate={"series": "II-ас", "number": "654321", "issued_at": "2018-03-01"},
        ),
        headers=parent.headers,
    )
    assert second.status_code == 201, second.text
    assert second.json()["birth_certificate"] == "II-АС ***321"

    listed = await client.get("/api/v1/me/children", headers=parent.headers)
    assert listed.json()["total"] == 2
    assert [c["first_name"] for c in listed.json()["items"]] == ["Пётр", "Анна"]

    changed = await client.patch(
        f"/api/v1/me/children/{child['id']}",
        json={"first_name": "павел", "middle_name": None},
        headers=parent.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["first_name"] == "Павел"
    assert changed.json()["middle_name"] is None
    assert changed.json()["snils"] == child["snils"]
    await session.refresh(row)
    assert row.first_name == "Павел"
    assert row.middle_name is None

    got = await client.get(f"/api/v1/me/children/{child['id']}", headers=parent.headers)
    assert got.json() == changed.json()

    deleted = await client.delete(f"/api/v1/me/children/{child['id']}", headers=parent.headers)
    assert deleted.status_code == 204
    assert (await client.get("/api/v1/me/children", headers=parent.headers)).json()["total"] == 1


async def test_another_familys_child_is_not_found(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    stranger = await make_person(session, settings, level=AccountLevel.confirmed)
    created = await client.post("/api/v1/me/children", json=child_body(), headers=parent.headers)
    child_id = created.json()["id"]

    for answer in (
        await client.get(f"/api/v1/me/children/{child_id}", headers=stranger.headers),
        await client.patch(
            f"/api/v1/me/children/{child_id}", json={"first_name": "Иван"}, headers=stranger.headers
        ),
        await client.delete(f"/api/v1/me/children/{child_id}", headers=stranger.headers),
    ):
        assert answer.status_code == 404
        assert answer.json()["code"] == "child_not_found"
    assert (await client.get("/api/v1/me/children", headers=stranger.headers)).json()["items"] == []
    still = await session.get(Child, uuid.UUID(child_id))
    assert still is not None
    assert still.first_name == "Пётр"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"snils": "112-233-445 96"}, "snils", "Некорректный СНИЛС: не сходится контрольное число"),
        (
            {"birth_certificate": {"series_number": "4-МЮ 123456", "issued_at": "2015-09-20"}},
            "birth_certificate.series_number",
            "Некорректное свидетельство о рождении",
        ),
        ({"birth_date": "2999-01-01"}, "birth_date", "Дата рождения: дата не может быть в будущем"),
        ({"birth_date": "1950-01-01"}, "birth_date", "Дата рождения: проверьте год"),
        (
            {"birth_certificate": {"series_number": "IV-МЮ 123456", "issued_at": "2015-08-01"}},
            "birth_certificate.issued_at",
            "Дата выдачи свидетельства о рождении не может быть раньше даты рождения",
        ),
        ({"last_name": "Ivanov"}, "last_name", "Фамилия: введите русскими буквами"),
        (
            {"birth_certificate": {"issued_at": "2015-09-20"}},
            "birth_certificate",
            "Свидетельство о рождении: укажите серию и номер",
        ),
    ],
)
async def test_wrong_child_data_names_the_field_in_russian(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    answer = await client.post(
        "/api/v1/me/children", json=child_body(**changes), headers=parent.headers
    )
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert errors[0]["message"].startswith(message)


async def test_the_same_child_twice_and_the_parents_own_snils_are_refused(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    snils = valid_snils()
    assert (
        await client.post(
            "/api/v1/me/children", json=child_body(snils=snils), headers=parent.headers
        )
    ).status_code == 201
    again = await client.post(
        "/api/v1/me/children", json=child_body(snils=snils), headers=parent.headers
    )
    assert again.status_code == 409
    assert again.json()["code"] == "child_already_added"

    own = valid_snils()
    await client.put("/api/v1/me/snils", json={"snils": own}, headers=parent.headers)
    mine = await client.post(
        "/api/v1/me/children", json=child_body(snils=own), headers=parent.headers
    )
    assert mine.status_code == 422
    assert mine.json()["errors"][0]["code"] == "snils_is_guardians"

    # The other parent of the same child keeps their own record of it.
    other_parent = await make_person(session, settings, level=AccountLevel.confirmed)
    assert (
        await client.post(
            "/api/v1/me/children", json=child_body(snils=snils), headers=other_parent.headers
        )
    ).status_code == 201


async def test_patch_keeps_the_dates_consistent(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    child = (
        await client.post("/api/v1/me/children", json=child_body(), headers=parent.headers)
    ).json()
    answer = await client.patch(
        f"/api/v1/me/children/{child['id']}",
        json={"birth_date": "2016-01-01"},
        headers=parent.headers,
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "birth_certificate.issued_at"

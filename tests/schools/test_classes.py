"""One school, its classes and the «Проверить» button (POST .../classes/check)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.schools import service
from api.schools.models import School
from tests.schools.support import add, record


async def _school_with_classes(session: AsyncSession, *, connected: bool = True) -> School:
    (school,) = await add(
        session,
        record("МАОУ «Гимназия № 177»", region="66", city="Екатеринбург", connected=connected),
    )
    year = service.current_academic_year(school.timezone)
    await service.ensure_classes(
        session,
        school.id,
        year,
        [(9, "В", None), (9, "А", None), (1, "А", None), (10, "Б", "физико-математический")],
    )
    await service.ensure_classes(session, school.id, year - 1, [(8, "Б", None)])
    return school


async def test_school_card(client: AsyncClient, session: AsyncSession) -> None:
    (school,) = await add(session, record("ГБОУ Школа № 2107", municipality="город Москва"))

    response = await client.get(f"/api/v1/schools/{school.id}")

    assert response.status_code == 200
    body = response.json()
    assert body["short_name"] == "ГБОУ Школа № 2107"
    assert (body["inn"], body["ogrn"], body["kpp"]) == (school.inn, school.ogrn, school.kpp)
    assert body["municipality"] == "город Москва"
    assert body["status"] == "active"
    assert body["connected"] is False
    assert body["current_academic_year"] == service.current_academic_year("Europe/Moscow")


async def test_unknown_school_is_404_problem(client: AsyncClient) -> None:
    for path in ("", "/classes"):
        response = await client.get(f"/api/v1/schools/{uuid.uuid4()}{path}")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "school_not_found"
        assert response.json()["detail"] == "Такой школы нет в реестре"
    check = await client.post(
        f"/api/v1/schools/{uuid.uuid4()}/classes/check", json={"grade": 9, "letter": "Б"}
    )
    assert check.status_code == 404


async def test_classes_of_the_current_year_in_order(
    client: AsyncClient, session: AsyncSession
) -> None:
    school = await _school_with_classes(session)
    year = service.current_academic_year(school.timezone)

    current = (await client.get(f"/api/v1/schools/{school.id}/classes")).json()
    last_year = (
        await client.get(f"/api/v1/schools/{school.id}/classes", params={"academic_year": year - 1})
    ).json()

    assert [c["name"] for c in current] == ["1-А", "9-А", "9-В", "10-Б"]
    assert {c["academic_year"] for c in current} == {year}
    assert current[3]["profile"] == "физико-математический"
    assert (current[3]["grade"], current[3]["letter"]) == (10, "Б")
    assert [c["name"] for c in last_year] == ["8-Б"]


@pytest.mark.parametrize(
    ("moment", "zone", "year"),
    [
        # 31 August 18:00 in Moscow is already 1 September 01:00 in Vladivostok.
        (datetime(2026, 8, 31, 15, 0, tzinfo=UTC), "Europe/Moscow", 2025),
        (datetime(2026, 8, 31, 15, 0, tzinfo=UTC), "Asia/Vladivostok", 2026),
        (datetime(2026, 8, 31, 21, 0, tzinfo=UTC), "Europe/Moscow", 2026),
        (datetime(2026, 8, 31, 21, 0, tzinfo=UTC), "Europe/Kaliningrad", 2025),
        (datetime(2027, 1, 15, 9, 0, tzinfo=UTC), "Asia/Yekaterinburg", 2026),
    ],
)
def test_academic_year_starts_on_first_september_in_the_schools_zone(
    monkeypatch: pytest.MonkeyPatch, moment: datetime, zone: str, year: int
) -> None:
    monkeypatch.setattr(service, "now", lambda: moment)

    assert service.current_academic_year(zone) == year


async def _check(client: AsyncClient, school: School, **body: object) -> dict[str, object]:
    response = await client.post(f"/api/v1/schools/{school.id}/classes/check", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()
    return answer


async def test_check_finds_a_class_of_the_register(
    client: AsyncClient, session: AsyncSession
) -> None:
    school = await _school_with_classes(session)
    classes = await service.list_classes(session, school)
    class_9a = next(c for c in classes if c.name == "9-А")

    answer = await _check(client, school, grade=9, letter="А")

    assert answer["valid"] is True
    assert answer["code"] == "class_found"
    assert answer["class_id"] == str(class_9a.id)
    assert answer["name"] == "9-А"
    assert answer["message"] == "Класс 9-А найден в реестре школы"


async def test_check_reads_lower_case_and_latin_look_alikes(
    client: AsyncClient, session: AsyncSession
) -> None:
    school = await _school_with_classes(session)

    lower = await _check(client, school, grade=9, letter=" а ")
    latin = await _check(client, school, grade="9", letter="a")  # Latin a
    latin_ve = await _check(client, school, grade=9, letter="B")  # Latin B looks like В

    assert (lower["valid"], lower["name"]) == (True, "9-А")
    assert (latin["valid"], latin["name"]) == (True, "9-А")
    assert (latin_ve["valid"], latin_ve["name"]) == (True, "9-В")


async def test_check_explains_a_missing_class(client: AsyncClient, session: AsyncSession) -> None:
    school = await _school_with_classes(session)
    year = service.current_academic_year(school.timezone)

    answer = await _check(client, school, grade=9, letter="Б")
    no_grade = await _check(client, school, grade=11, letter="А")
    english = (
        await client.post(
            f"/api/v1/schools/{school.id}/classes/check",
            json={"grade": 9, "letter": "Б"},
            headers={"Accept-Language": "en"},
        )
    ).json()

    assert answer["valid"] is False
    assert answer["code"] == "class_not_found"
    assert answer["class_id"] is None
    assert answer["message"] == (
        f"Класса 9-Б нет в реестре школы на {year}/{year + 1} учебный год. "
        "В 9-й параллели есть: 9-А, 9-В. Проверьте номер и букву класса или уточните их в школе"
    )
    assert "11-х классов в школе нет" in str(no_grade["message"])
    assert english["message"].startswith("There is no class 9-Б")


async def test_check_says_when_the_school_is_not_connected(
    client: AsyncClient, session: AsyncSession
) -> None:
    school = await _school_with_classes(session, connected=False)

    answer = await _check(client, school, grade=9, letter="А")

    assert answer["valid"] is False
    assert answer["code"] == "school_not_connected"
    assert answer["message"] == (
        "Школа ещё не подключена к электронному дневнику: можно подать заявку на подключение"
    )


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"grade": 12, "letter": "А"}, "grade", "less_than_equal"),
        ({"grade": 0, "letter": "А"}, "grade", "greater_than_equal"),
        ({"grade": 9, "letter": "Z"}, "letter", "class_letter"),
        ({"grade": 9, "letter": "АБ"}, "letter", "class_letter"),
        ({"grade": 9, "letter": "9"}, "letter", "class_letter"),
        ({"grade": 9}, "letter", "missing"),
    ],
)
async def test_check_refuses_a_grade_or_letter_that_cannot_be(
    client: AsyncClient, session: AsyncSession, body: dict[str, object], field: str, code: str
) -> None:
    school = await _school_with_classes(session)

    response = await client.post(f"/api/v1/schools/{school.id}/classes/check", json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == (field, code)
    if code == "class_letter":
        assert error["message"] == "Буква класса: одна русская буква, например Б"

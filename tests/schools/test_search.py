"""GET /api/v1/schools: typo-tolerant Russian search over the register."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.schools.models import SchoolKind, SchoolStatus
from tests.schools.support import add, record


async def _search(client: AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/api/v1/schools", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _names(body: dict[str, Any]) -> list[str]:
    return [item["short_name"] for item in body["items"]]


async def test_misspelt_name_finds_the_school(client: AsyncClient, session: AsyncSession) -> None:
    await add(
        session,
        record("МБОУ «Покровская СОШ»", region="36", city="Воронеж"),
        record("ГБОУ Гимназия № 1514", full_name="ГБОУ города Москвы «Гимназия № 1514»"),
        record(
            "ГБОУ «Лицей «Вторая школа»»",
            full_name="ГБОУ города Москвы «Лицей «Вторая школа» имени В. Ф. Овчинникова»",
        ),
        record("МБОУ «Ростовская СОШ»", region="36", city="Воронеж"),
    )

    assert _names(await _search(client, q="пакровская")) == ["МБОУ «Покровская СОШ»"]
    assert _names(await _search(client, q="гимназя 1514")) == ["ГБОУ Гимназия № 1514"]
    assert _names(await _search(client, q="гимназиа 1514")) == ["ГБОУ Гимназия № 1514"]
    assert _names(await _search(client, q="лицеи втарая школа")) == ["ГБОУ «Лицей «Вторая школа»»"]
    assert _names(await _search(client, q="Лицей «Вторая школа»")) == [
        "ГБОУ «Лицей «Вторая школа»»"
    ]


async def test_yo_and_ye_are_one_letter(client: AsyncClient, session: AsyncSession) -> None:
    await add(session, record("МБОУ «Ёлкинская ООШ»", region="66", city="Ирбит"))

    for query in ("ёлкинская", "елкинская", "ЕЛКИНСКАЯ оош"):
        body = await _search(client, q=query)
        assert _names(body) == ["МБОУ «Ёлкинская ООШ»"], query
        assert body["total"] == 1


async def test_number_sign_and_spacing_do_not_matter(
    client: AsyncClient, session: AsyncSession
) -> None:
    school_57, _, _ = await add(
        session,
        record("ГБОУ Школа № 57"),
        record("ГБОУ Школа № 157"),
        # 57 is its house number, not its school number: not a match.
        record("ГБОУ Школа № 12", street="ул. Садовая, д. 57"),
    )

    answers = [await _search(client, q=q) for q in ("школа 57", "школа №57", "ШКОЛА № 57")]

    for body in answers:
        assert [item["id"] for item in body["items"]] == [str(school_57.id)]
        assert body["total"] == 1


async def test_exact_number_comes_before_a_name_that_only_resembles(
    client: AsyncClient, session: AsyncSession
) -> None:
    await add(
        session,
        record("МАОУ «СОШ № 5»", region="66", city="Екатеринбург"),
        record("МАОУ «Гимназия № 5»", region="66", city="Екатеринбург"),
        record("МАОУ «Гимназия № 15»", region="66", city="Екатеринбург"),
    )

    body = await _search(client, q="екатеринбург гимназия 5")

    # «5» is a whole number: № 15 is not a match; the kind named puts the gymnasium first.
    assert _names(body) == ["МАОУ «Гимназия № 5»", "МАОУ «СОШ № 5»"]


async def test_inn_finds_exactly_that_school(client: AsyncClient, session: AsyncSession) -> None:
    wanted, _ = await add(session, record("МБОУ «СОШ № 3»"), record("МБОУ «СОШ № 4»"))

    body = await _search(client, q=f" {wanted.inn} ")

    assert body["total"] == 1
    item = body["items"][0]
    assert item["id"] == str(wanted.id)
    assert item["inn"] == wanted.inn
    assert item["ogrn"] == wanted.ogrn
    assert (item["region_code"], item["region_name"]) == ("77", "Москва")
    assert item["timezone"] == "Europe/Moscow"
    assert item["kind"] == "school"


async def test_region_filter_by_code_and_by_name_in_the_query(
    client: AsyncClient, session: AsyncSession
) -> None:
    await add(
        session,
        record("МАОУ «Гимназия № 9»", region="66", city="Екатеринбург"),
        record("ГБОУ Гимназия № 9", region="77"),
        record("МБОУ «Гимназия № 9»", region="25", city="Владивосток"),
    )

    ural = await _search(client, q="гимназия 9", region="66")
    named = await _search(client, q="гимназия 9 свердловская область")
    moscow = await _search(client, q="гимназия 9 масква")  # a typo in the region too

    assert _names(ural) == ["МАОУ «Гимназия № 9»"]
    assert ural["items"][0]["timezone"] == "Asia/Yekaterinburg"
    assert _names(named) == ["МАОУ «Гимназия № 9»"]
    assert _names(moscow) == ["ГБОУ Гимназия № 9"]
    assert (await _search(client, q="гимназия 9"))["total"] == 3


async def test_pages_share_one_total_and_do_not_overlap(
    client: AsyncClient, session: AsyncSession
) -> None:
    await add(session, *(record(f"МБОУ «Кемецкая СОШ № {n}»", region="69") for n in range(7)))

    pages = [await _search(client, q="кемецкая", limit=3, offset=o) for o in (0, 3, 6, 9)]

    assert [p["total"] for p in pages] == [7, 7, 7, 7]
    assert [len(p["items"]) for p in pages] == [3, 3, 1, 0]
    assert [(p["limit"], p["offset"]) for p in pages] == [(3, 0), (3, 3), (3, 6), (3, 9)]
    seen = [item["id"] for p in pages for item in p["items"]]
    assert len(set(seen)) == 7


async def test_listing_pages_share_one_total_past_the_last_page_too(
    client: AsyncClient, session: AsyncSession
) -> None:
    """The listing (no words) reads its total in the page's statement; past the last page
    there is no row to carry it, and it is counted on its own."""
    await add(session, *(record(f"МБОУ «СОШ № {n}»", region="17", city="Кызыл") for n in range(5)))

    pages = [await _search(client, region="17", limit=2, offset=o) for o in (0, 2, 4, 6)]

    assert [p["total"] for p in pages] == [5, 5, 5, 5]
    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    assert len({item["id"] for p in pages for item in p["items"]}) == 5
    assert _names(pages[0]) == ["МБОУ «СОШ № 0»", "МБОУ «СОШ № 1»"]


async def test_connected_schools_come_first_on_ties(
    client: AsyncClient, session: AsyncSession
) -> None:
    await add(
        session,
        record("МБОУ «Берёзовская СОШ»", region="52", city="Бор", connected=False),
        record("МАОУ «Берёзовская СОШ»", region="52", city="Бор", connected=True),
        record("МКОУ «Берёзовская ООШ»", region="52", city="Бор", connected=False),
    )

    body = await _search(client, q="березовская")

    assert [item["connected"] for item in body["items"]] == [True, False, False]
    assert _names(body)[0] == "МАОУ «Берёзовская СОШ»"
    only = await _search(client, q="березовская", connected="false")
    assert only["total"] == 2


async def test_generic_words_list_schools_of_that_kind_alphabetically(
    client: AsyncClient, session: AsyncSession
) -> None:
    await add(
        session,
        record("Гимназия № 2", region="79", city="Биробиджан"),
        record("Гимназия № 1", region="79", city="Биробиджан"),
        record("Школа № 1", region="79", city="Биробиджан"),
    )

    gymnasiums = await _search(client, q="гимназия", region="79")
    everything = await _search(client, region="79")

    assert _names(gymnasiums) == ["Гимназия № 1", "Гимназия № 2"]
    assert {item["kind"] for item in gymnasiums["items"]} == {SchoolKind.gymnasium.value}
    assert _names(everything) == ["Гимназия № 1", "Гимназия № 2", "Школа № 1"]
    assert everything["total"] == 3


async def test_closed_schools_are_not_listed(client: AsyncClient, session: AsyncSession) -> None:
    closed, _ = await add(
        session,
        record("МБОУ «Знаменская СОШ»", region="58", status=SchoolStatus.closed),
        record("МБОУ «Знаменская ООШ»", region="58"),
    )

    body = await _search(client, q="знаменская")

    assert _names(body) == ["МБОУ «Знаменская ООШ»"]
    detail = await client.get(f"/api/v1/schools/{closed.id}")
    assert detail.json()["status"] == "closed"


async def test_nothing_found_is_an_empty_page(client: AsyncClient) -> None:
    body = await _search(client, q="щщщщщщщ")

    assert body == {"items": [], "total": 0, "limit": 20, "offset": 0}


async def test_bad_parameters_are_problem_json_naming_the_field(client: AsyncClient) -> None:
    for params, field in (
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"region": "7a"}, "region"),
        ({"offset": -1}, "offset"),
    ):
        response = await client.get("/api/v1/schools", params=params)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == field


async def test_words_and_numbers_are_answered_by_the_trigram_index(session: AsyncSession) -> None:
    # A test database is too small for the planner to prefer an index on its own.
    await session.execute(text("SET LOCAL enable_seqscan = off"))
    for statement in (
        "EXPLAIN SELECT id FROM schools WHERE search_text %>> 'кемецкая'",
        "EXPLAIN SELECT id FROM schools WHERE search_text LIKE '% 57 %'",
    ):
        plan = "\n".join(row[0] for row in await session.execute(text(statement)))
        assert "ix_schools_search_text_trgm" in plan, plan


async def test_a_typo_in_the_word_school_and_transposed_digits_still_find_it(
    client: AsyncClient, session: AsyncSession
) -> None:
    await add(
        session,
        record("ГБОУ Школа № 2107", street="ул. 1-я Тверская-Ямская, д. 12"),
        record("ГБОУ Школа № 1514", street="ул. Садовая, д. 5"),
    )

    # «школа» misspelt or cut short is still the generic word, not a word to match.
    assert _names(await _search(client, q="шкла 2107")) == ["ГБОУ Школа № 2107"]
    assert _names(await _search(client, q="школ 2107")) == ["ГБОУ Школа № 2107"]
    # No school № 2170: the digits were swapped.
    assert _names(await _search(client, q="школа 2170")) == ["ГБОУ Школа № 2107"]


async def test_an_address_whose_street_sounds_like_a_region_finds_the_school(
    client: AsyncClient, session: AsyncSession
) -> None:
    await add(
        session,
        record("ГБОУ Школа № 2107", street="ул. 1-я Тверская-Ямская, д. 12"),
        record("МБОУ «Тверская СОШ»", region="69", city="Тверь"),
    )

    # «Тверская» alone names the region (Тверская область); with «Ямская» it is a street.
    assert _names(await _search(client, q="Тверская-Ямская")) == ["ГБОУ Школа № 2107"]
    assert _names(await _search(client, q="тверская ямская")) == ["ГБОУ Школа № 2107"]
    assert _names(await _search(client, q="тверская")) == ["МБОУ «Тверская СОШ»"]
